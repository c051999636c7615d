import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { POINTS_MODULE } from "../../../../modules/points"
import type PointsModuleService from "../../../../modules/points/service"
import type { AdminRankChangesQueryType } from "../validators"

export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminRankChangesQueryType>, res: MedusaResponse) {
  const points = req.scope.resolve<PointsModuleService>(POINTS_MODULE)
  const { limit, offset, customer_id, run_id } = req.validatedQuery
  const [rank_changes, count] = await points.listAndCountPointsRankChanges(
    { ...(customer_id ? { customer_id } : {}), ...(run_id ? { run_id } : {}) },
    { order: { created_at: "DESC" }, take: limit, skip: offset }
  )
  res.json({ rank_changes, count, limit, offset })
}
