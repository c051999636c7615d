import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export type SaleOrder = {
  id: string
  status: string
  email: string | null
  customer_id: string | null
  metadata: Record<string, unknown>
}

/** The order a Smaregi transaction was imported as. */
export const loadSmaregiOrderStep = createStep(
  "smaregi-load-order",
  async (input: { order_id: string | null; transaction_head_id: string }, { container }) => {
    if (!input.order_id) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Smaregi transaction ${input.transaction_head_id} has no order`)
    }
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "order",
      fields: ["id", "status", "email", "customer_id", "metadata"],
      filters: { id: input.order_id },
    })
    const order = (data as Array<SaleOrder | undefined>)[0]
    if (!order) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `order ${input.order_id} of Smaregi transaction ${input.transaction_head_id} no longer exists`
      )
    }
    return new StepResponse<SaleOrder>({ ...order, metadata: order.metadata ?? {} })
  }
)
