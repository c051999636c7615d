import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { POINTS_MODULE } from "../../../modules/points"
import type PointsModuleService from "../../../modules/points/service"
import type { SourcePointsInput } from "../../../modules/points/types"

// No compensation: the movement is idempotent per source version, so a retried parent converges.
export const setSourcePointsStep = createStep("points-set-source-points", async (input: SourcePointsInput, { container }) => {
  const points: PointsModuleService = container.resolve(POINTS_MODULE)
  return new StepResponse(await points.setSourcePoints(input))
})
