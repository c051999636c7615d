import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  capturePaymentWorkflow,
  createOrderPaymentCollectionWorkflow,
  markPaymentCollectionAsPaid,
} from "@medusajs/medusa/core-flows"

type Collection = {
  id: string
  status: string
  payments?: Array<{ id: string; captured_at: string | Date | null; canceled_at: string | Date | null }> | null
}

export type EnsurePaidResult = "paid_before" | "captured" | "marked_paid" | "nothing_to_pay"

/**
 * Finishes the store payment of a resumed import from wherever the killed run stopped: no collection,
 * a not-paid one, or an authorized payment never captured. Forward-only: a later failure keeps the payment.
 */
export const ensureSmaregiOrderPaidStep = createStep(
  "smaregi-ensure-order-paid",
  async (input: { order_id: string; amount: number; provider_id: string }, { container }) => {
    if (input.amount <= 0) return new StepResponse<EnsurePaidResult>("nothing_to_pay")
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "order",
      fields: [
        "id",
        "payment_collections.id",
        "payment_collections.status",
        "payment_collections.payments.id",
        "payment_collections.payments.captured_at",
        "payment_collections.payments.canceled_at",
      ],
      filters: { id: input.order_id },
    })
    const order = (data as Array<{ payment_collections?: Array<Collection | null> | null } | undefined>)[0]
    const collections = (order?.payment_collections ?? []).filter(
      (c): c is Collection => !!c && c.status !== "canceled"
    )
    if (collections.some((c) => c.status === "completed")) return new StepResponse<EnsurePaidResult>("paid_before")

    const uncaptured = collections
      .flatMap((c) => c.payments ?? [])
      .find((p) => !p.captured_at && !p.canceled_at)
    if (uncaptured) {
      await capturePaymentWorkflow(container).run({ input: { payment_id: uncaptured.id, captured_by: "smaregi" } })
      return new StepResponse<EnsurePaidResult>("captured")
    }

    let collection = collections[0]
    if (!collection) {
      const { result } = await createOrderPaymentCollectionWorkflow(container).run({
        input: { order_id: input.order_id, amount: input.amount },
      })
      collection = { id: result[0].id, status: "not_paid" }
    } else if (collection.status !== "not_paid") {
      // A session was opened but never authorized: start the collection over.
      await container.resolve(Modules.PAYMENT).updatePaymentCollections(collection.id, { status: "not_paid" } as never)
    }
    await markPaymentCollectionAsPaid(container).run({
      input: {
        order_id: input.order_id,
        payment_collection_id: collection.id,
        provider_id: input.provider_id,
        captured_by: "smaregi",
      },
    })
    return new StepResponse<EnsurePaidResult>("marked_paid")
  }
)
