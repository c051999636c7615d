import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { POINTS_MODULE } from "../../../modules/points"
import type PointsModuleService from "../../../modules/points/service"
import type { ExpiryResult } from "../../../modules/points/types"

// One transaction per customer: a failure leaves the others expired and the batch can simply run again.
export const expireDuePointsStep = createStep(
  "points-expire-due-points",
  async (input: { now: string; dry_run: boolean }, { container }) => {
    const points: PointsModuleService = container.resolve(POINTS_MODULE)
    const now = new Date(input.now)
    const results: ExpiryResult[] = []
    for (const customer_id of await points.listCustomersWithDuePoints(now)) {
      const r = await points.expireCustomerPoints(customer_id, { now, dry_run: input.dry_run })
      if (r.expired > 0) results.push(r)
    }
    return new StepResponse(results)
  }
)
