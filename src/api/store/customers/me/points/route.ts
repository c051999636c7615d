import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { POINTS_MODULE } from "../../../../../modules/points"
import type PointsModuleService from "../../../../../modules/points/service"
import { storeEntry } from "../../../../admin/points/serialize"
import type { PointsHistoryQueryType } from "../../../../admin/points/validators"

// Only the logged-in customer's own ledger: the id comes from the session, never from the request.
export async function GET(req: AuthenticatedMedusaRequest<unknown, PointsHistoryQueryType>, res: MedusaResponse) {
  const customer_id = req.auth_context.actor_id
  const points = req.scope.resolve<PointsModuleService>(POINTS_MODULE)
  const { limit, offset } = req.validatedQuery
  const [balance, history] = await Promise.all([points.getBalance(customer_id), points.listHistory(customer_id, { limit, offset })])
  res.json({ ...balance, history: history.entries.map(storeEntry), count: history.count, limit, offset })
}
