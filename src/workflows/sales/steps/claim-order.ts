import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { smaregiService } from "../lib/transaction-row"

export const DUPLICATE_ORDER_MESSAGE = "already has an order"

type ClaimInput = { transaction_id: string; transaction_head_id: string; order_id: string }

/**
 * The database guard of exactly-once (IN-5): only the first order ever claims the inbox row, whose order_id is
 * the one record of which order a transaction became.
 */
export const claimSmaregiOrderStep = createStep(
  "smaregi-claim-order",
  async (input: ClaimInput, { container }) => {
    if (!(await smaregiService(container).claimSmaregiOrder(input.transaction_id, input.order_id))) {
      throw new MedusaError(MedusaError.Types.CONFLICT, `Smaregi transaction ${input.transaction_head_id} ${DUPLICATE_ORDER_MESSAGE}`)
    }
    return new StepResponse(input.order_id, input)
  },
  async (claimed, { container }) => {
    if (!claimed) return
    await smaregiService(container).unclaimSmaregiOrder(claimed.transaction_id, claimed.order_id)
  }
)
