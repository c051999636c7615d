import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { smaregiService } from "../lib/transaction-row"

export const DUPLICATE_ORDER_MESSAGE = "already has an order"

/** The database guard of exactly-once (IN-5): only the first order ever claims the inbox row. */
export const claimSmaregiOrderStep = createStep(
  "smaregi-claim-order",
  async (input: { transaction_id: string; transaction_head_id: string; order_id: string }, { container }) => {
    const rows = await smaregiService(container).executeSql(
      `UPDATE smaregi_transaction SET order_id = ?, updated_at = now()
        WHERE id = ? AND order_id IS NULL AND deleted_at IS NULL
        RETURNING id`,
      [input.order_id, input.transaction_id]
    )
    if (!rows.length) {
      throw new MedusaError(
        MedusaError.Types.CONFLICT,
        `Smaregi transaction ${input.transaction_head_id} ${DUPLICATE_ORDER_MESSAGE}`
      )
    }
    return new StepResponse(input.order_id, input)
  },
  async (claimed, { container }) => {
    if (!claimed) return
    await smaregiService(container).executeSql(
      `UPDATE smaregi_transaction SET order_id = NULL, updated_at = now() WHERE id = ? AND order_id = ?`,
      [claimed.transaction_id, claimed.order_id]
    )
  }
)
