import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { POINTS_MODULE } from "../../../../../modules/points"
import type PointsModuleService from "../../../../../modules/points/service"
import { adminEntry } from "../../serialize"
import type { PointsHistoryQueryType } from "../../validators"

export async function GET(req: AuthenticatedMedusaRequest<unknown, PointsHistoryQueryType>, res: MedusaResponse) {
  const customer_id = req.params.customer_id
  await req.scope.resolve(Modules.CUSTOMER).retrieveCustomer(customer_id)
  const points = req.scope.resolve<PointsModuleService>(POINTS_MODULE)
  const { limit, offset } = req.validatedQuery
  const [balance, history] = await Promise.all([points.getBalance(customer_id), points.listHistory(customer_id, { limit, offset })])
  res.json({ customer_id, ...balance, history: history.entries.map(adminEntry), count: history.count, limit, offset })
}
