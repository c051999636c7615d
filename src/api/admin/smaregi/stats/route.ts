import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SMAREGI_MODULE } from "../../../../modules/smaregi"
import type SmaregiModuleService from "../../../../modules/smaregi/service"
import type { AdminSmaregiStatsType } from "./validators"

/** Counts for the dashboard card: today's received / imported / failed, what is still pending, the last push. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminSmaregiStatsType>, res: MedusaResponse) {
  const smaregi: SmaregiModuleService = req.scope.resolve(SMAREGI_MODULE)
  const { connection_id, tz } = req.validatedQuery as AdminSmaregiStatsType
  res.json({ stats: await smaregi.getSmaregiSalesStats(connection_id, tz) })
}
