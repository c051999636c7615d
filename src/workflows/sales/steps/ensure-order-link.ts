import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMAREGI_MODULE } from "../../../modules/smaregi"

/** The transaction↔order link, created only when a killed import did not get to it. */
export const ensureSmaregiOrderLinkStep = createStep(
  "smaregi-ensure-order-link",
  async (input: { transaction_id: string; order_id: string }, { container }) => {
    const link = container.resolve(ContainerRegistrationKeys.LINK)
    const pair = {
      [SMAREGI_MODULE]: { smaregi_transaction_id: input.transaction_id },
      [Modules.ORDER]: { order_id: input.order_id },
    }
    const existing = (await link.list(pair)) as unknown[]
    if (existing.length) return new StepResponse(false)
    await link.create(pair)
    return new StepResponse(true)
  }
)
