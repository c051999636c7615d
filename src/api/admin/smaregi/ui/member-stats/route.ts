import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SMAREGI_MODULE } from "../../../../../modules/smaregi"
import type SmaregiModuleService from "../../../../../modules/smaregi/service"

/** Member sync counts for the dashboard card: members per status, the last successful push, the oldest pending one. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const connectionId = typeof req.query.connection_id === "string" && req.query.connection_id ? req.query.connection_id : undefined
  const smaregi = req.scope.resolve<SmaregiModuleService>(SMAREGI_MODULE)
  const scope = connectionId ? "AND connection_id = ?" : ""
  const params = connectionId ? [connectionId] : []
  const [row] = await smaregi.executeSql(
    `SELECT count(*) FILTER (WHERE status = 'pending') AS pending,
            count(*) FILTER (WHERE status = 'synced') AS synced,
            count(*) FILTER (WHERE status = 'failed') AS failed,
            max(last_synced_at) AS last_synced_at,
            min(requested_at) FILTER (WHERE status = 'pending') AS oldest_pending_at
       FROM smaregi_member WHERE deleted_at IS NULL ${scope}`,
    params
  )
  const n = (v: unknown) => Number(v ?? 0)
  res.json({
    member_stats: {
      pending: n(row?.pending),
      synced: n(row?.synced),
      failed: n(row?.failed),
      last_synced_at: row?.last_synced_at ?? null,
      oldest_pending_at: row?.oldest_pending_at ?? null,
    },
  })
}
