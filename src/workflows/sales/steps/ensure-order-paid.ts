import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  capturePaymentWorkflow,
  createOrderPaymentCollectionWorkflow,
  markPaymentCollectionAsPaid,
} from "@medusajs/medusa/core-flows"
import { planStorePayment, type StorePaymentCollection, type StorePaymentPlan } from "../lib/store-payment"

export type EnsurePaidResult = StorePaymentPlan["result"]

type OrderPayments = {
  currency_code: string
  transactions?: Array<{ reference: string | null; reference_id: string | null } | null> | null
  payment_collections?: Array<{
    id: string
    status: string
    amount: number | string
    payments?: Array<{
      id: string
      amount: number | string
      captured_at: string | Date | null
      canceled_at: string | Date | null
      captures?: Array<{ id: string; amount: number | string } | null> | null
    } | null> | null
  } | null> | null
}

function collectionsOf(order: OrderPayments | undefined): StorePaymentCollection[] {
  return (order?.payment_collections ?? []).flatMap((c) =>
    c
      ? [{
          id: c.id,
          status: c.status,
          amount: Number(c.amount),
          payments: (c.payments ?? []).flatMap((p) =>
            p
              ? [{
                  id: p.id,
                  amount: Number(p.amount),
                  captured_at: p.captured_at,
                  canceled_at: p.canceled_at,
                  captures: (p.captures ?? []).flatMap((x) => (x ? [{ id: x.id, amount: Number(x.amount) }] : [])),
                }]
              : []
          ),
        }]
      : []
  )
}

/**
 * Finishes the store payment of a resumed import from wherever the killed run stopped (see `planStorePayment`):
 * no collection, a not-paid one, an authorized payment never captured, or a capture whose bookkeeping was cut
 * short. Forward-only: a later failure keeps the payment.
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
        "currency_code",
        "transactions.reference",
        "transactions.reference_id",
        "payment_collections.id",
        "payment_collections.status",
        "payment_collections.amount",
        "payment_collections.payments.id",
        "payment_collections.payments.amount",
        "payment_collections.payments.captured_at",
        "payment_collections.payments.canceled_at",
        "payment_collections.payments.captures.id",
        "payment_collections.payments.captures.amount",
      ],
      filters: { id: input.order_id },
    })
    const order = (data as Array<OrderPayments | undefined>)[0]
    const plan = planStorePayment({
      amount: input.amount,
      collections: collectionsOf(order),
      transactionReferenceIds: (order?.transactions ?? []).flatMap((t) =>
        t?.reference === "capture" && t.reference_id ? [t.reference_id] : []
      ),
    })

    const payments = container.resolve(Modules.PAYMENT)
    for (const id of plan.markCaptured) await payments.updatePayment({ id, captured_at: new Date() } as never)
    for (const c of plan.completeCollections) {
      await payments.updatePaymentCollections(c.id, {
        status: "completed",
        captured_amount: c.captured_amount,
        completed_at: new Date(),
      } as never)
    }
    if (plan.addTransactions.length) {
      await container.resolve(Modules.ORDER).addOrderTransactions(
        plan.addTransactions.map((c) => ({
          order_id: input.order_id,
          amount: c.amount,
          currency_code: order!.currency_code,
          reference: "capture",
          reference_id: c.id,
        }))
      )
    }

    const next = plan.next
    if (next.kind === "capture") {
      await capturePaymentWorkflow(container).run({
        input: { payment_id: next.payment_id, amount: next.amount, captured_by: "smaregi" },
      })
    } else if (next.kind === "mark_paid") {
      let collectionId = next.collection_id
      if (!collectionId) {
        const { result } = await createOrderPaymentCollectionWorkflow(container).run({
          input: { order_id: input.order_id, amount: input.amount },
        })
        collectionId = result[0].id
      } else if (next.reset) {
        // A session was opened but never authorized: start the collection over.
        await payments.updatePaymentCollections(collectionId, { status: "not_paid" } as never)
      }
      await markPaymentCollectionAsPaid(container).run({
        input: {
          order_id: input.order_id,
          payment_collection_id: collectionId,
          provider_id: input.provider_id,
          captured_by: "smaregi",
        },
      })
    }
    return new StepResponse<EnsurePaidResult>(plan.result)
  }
)
