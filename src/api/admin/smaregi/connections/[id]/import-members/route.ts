import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { startMemberImport } from "../../../../../../workflows/members/member-import"

/**
 * POST /admin/smaregi/connections/:id/import-members — starts importing the contract's existing Smaregi members in
 * the background: 202 `{ run_id }`. While an import of the connection runs, its run_id is answered (202, started false).
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { run, started } = await startMemberImport(req.scope, req.params.id)
  res.status(202).json({ run_id: run.id, started })
}
