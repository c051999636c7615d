import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { POINTS_MODULE } from "../../../../../modules/points"
import type PointsModuleService from "../../../../../modules/points/service"
import { assertCustomerGroup } from "../assert-customer-group"
import type { AdminUpdateRankRuleType } from "../../validators"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const points = req.scope.resolve<PointsModuleService>(POINTS_MODULE)
  res.json({ rank_rule: await points.retrievePointsRankRule(req.params.id) })
}

export async function POST(req: AuthenticatedMedusaRequest<AdminUpdateRankRuleType>, res: MedusaResponse) {
  const points = req.scope.resolve<PointsModuleService>(POINTS_MODULE)
  await points.retrievePointsRankRule(req.params.id)
  if (req.validatedBody.customer_group_id) await assertCustomerGroup(req.scope, req.validatedBody.customer_group_id)
  const rank_rule = await points.updatePointsRankRules({ id: req.params.id, ...req.validatedBody })
  res.json({ rank_rule })
}

export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const points = req.scope.resolve<PointsModuleService>(POINTS_MODULE)
  await points.retrievePointsRankRule(req.params.id)
  await points.deletePointsRankRules(req.params.id)
  res.json({ id: req.params.id, object: "rank_rule", deleted: true })
}
