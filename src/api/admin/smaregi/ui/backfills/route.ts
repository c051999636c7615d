import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SMAREGI_MODULE } from "../../../../../modules/smaregi"
import type SmaregiModuleService from "../../../../../modules/smaregi/service"
import { type BackfillRecord, toBackfillProgress } from "../../members/helpers"

/** The latest member backfills (newest first), so the members page can resume showing a running one. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const connectionId = typeof req.query.connection_id === "string" && req.query.connection_id ? req.query.connection_id : undefined
  const smaregi = req.scope.resolve<SmaregiModuleService>(SMAREGI_MODULE)
  const rows = (await smaregi.listSmaregiBackfills(connectionId ? { connection_id: connectionId } : {}, {
    order: { created_at: "DESC", id: "DESC" },
    take: 5,
  })) as unknown as BackfillRecord[]
  res.json({ backfills: rows.map(toBackfillProgress) })
}
