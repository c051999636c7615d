import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { POINTS_MODULE } from "../../../modules/points"
import type PointsModuleService from "../../../modules/points/service"

export type AdjustPointsStepInput = {
  customer_id: string
  amount: number
  reason: string
  actor: string
  expires_at?: string | null
  idempotency_key?: string
}

export const adjustPointsStep = createStep(
  "points-adjust-points",
  async (input: AdjustPointsStepInput, { container }) => {
    const points: PointsModuleService = container.resolve(POINTS_MODULE)
    const result = await points.adjustPoints(input)
    return new StepResponse(result, result.entries[0] ? { ...input, key: result.entries[0].source_key } : null)
  },
  async (done, { container }) => {
    if (!done) return
    const points: PointsModuleService = container.resolve(POINTS_MODULE)
    await points.recordMovements([
      {
        customer_id: done.customer_id,
        source_key: `${done.key}:reversal`,
        kind: "adjustment",
        amount: -done.amount,
        reason: `Reversal of: ${done.reason}`,
        actor: "system",
      },
    ])
  }
)
