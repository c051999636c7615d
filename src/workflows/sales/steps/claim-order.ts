import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMAREGI_MODULE } from "../../../modules/smaregi"
import { smaregiService } from "../lib/transaction-row"

export const DUPLICATE_ORDER_MESSAGE = "already has an order"

type ClaimInput = { transaction_id: string; transaction_head_id: string; order_id: string }

function orderLink(input: ClaimInput) {
  return {
    [SMAREGI_MODULE]: { smaregi_transaction_id: input.transaction_id },
    [Modules.ORDER]: { order_id: input.order_id },
  }
}

async function unclaim(container: MedusaContainer, input: ClaimInput): Promise<void> {
  await smaregiService(container).executeSql(
    `UPDATE smaregi_transaction SET order_id = NULL, updated_at = now() WHERE id = ? AND order_id = ?`,
    [input.transaction_id, input.order_id]
  )
}

/**
 * The database guard of exactly-once (IN-5): only the first order ever claims the inbox row; the claim
 * and the transaction↔order link are made (and undone) together.
 */
export const claimSmaregiOrderStep = createStep(
  "smaregi-claim-order",
  async (input: ClaimInput, { container }) => {
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
    try {
      await container.resolve(ContainerRegistrationKeys.LINK).create(orderLink(input))
    } catch (error) {
      await unclaim(container, input)
      throw error
    }
    return new StepResponse(input.order_id, input)
  },
  async (claimed, { container }) => {
    if (!claimed) return
    await container.resolve(ContainerRegistrationKeys.LINK).dismiss(orderLink(claimed))
    await unclaim(container, claimed)
  }
)
