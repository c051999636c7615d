import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SMAREGI_MODULE } from "../../../../../modules/smaregi"
import type SmaregiModuleService from "../../../../../modules/smaregi/service"

/** Member sync counts for the dashboard card: members per status, the last successful sync, the oldest pending one. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const connectionId = typeof req.query.connection_id === "string" && req.query.connection_id ? req.query.connection_id : undefined
  const smaregi = req.scope.resolve<SmaregiModuleService>(SMAREGI_MODULE)
  res.json({ member_stats: await smaregi.records().members.stats(connectionId) })
}
