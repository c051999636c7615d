import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { previewMemberImport } from "../../../../../../../workflows/members/member-import"

/**
 * GET /admin/smaregi/connections/:id/import-members/preview — what an import would do now, changing nothing:
 * `{ preview: { total, to_create, to_propose, already_linked, already_proposed, conflicts, skipped } }`.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({ preview: await previewMemberImport(req.scope, req.params.id) })
}
