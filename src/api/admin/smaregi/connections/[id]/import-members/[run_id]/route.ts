import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { retrieveMemberImport } from "../../../../../../../workflows/members/member-import"

/** GET /admin/smaregi/connections/:id/import-members/:run_id — an import's progress and result. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({ run: await retrieveMemberImport(req.scope, req.params.id, req.params.run_id) })
}
