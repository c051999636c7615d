import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { POINTS_MODULE } from "../../../../modules/points"
import type PointsModuleService from "../../../../modules/points/service"
import { assertCustomerGroup } from "./assert-customer-group"
import type { AdminCreateRankRuleType } from "../validators"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const points = req.scope.resolve<PointsModuleService>(POINTS_MODULE)
  const rank_rules = await points.listPointsRankRules({}, { order: { priority: "DESC", min_spend: "DESC" } })
  res.json({ rank_rules })
}

export async function POST(req: AuthenticatedMedusaRequest<AdminCreateRankRuleType>, res: MedusaResponse) {
  const points = req.scope.resolve<PointsModuleService>(POINTS_MODULE)
  await assertCustomerGroup(req.scope, req.validatedBody.customer_group_id)
  const [existing] = await points.listPointsRankRules({ customer_group_id: req.validatedBody.customer_group_id })
  if (existing) {
    res.status(400).json({
      type: "invalid_data",
      message: `customer_group_id: rank rule ${existing.id} already uses this customer group`,
    })
    return
  }
  const rank_rule = await points.createPointsRankRules(req.validatedBody)
  res.status(201).json({ rank_rule })
}
