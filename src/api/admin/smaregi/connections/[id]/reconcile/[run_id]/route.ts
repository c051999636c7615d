import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { retrievePullRun } from "../../../../../../../workflows/sales/pull-run"

/** GET /admin/smaregi/connections/:id/reconcile/:run_id — a pull's progress and result. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const run = await retrievePullRun(req.scope, req.params.id, req.params.run_id)
  res.json({ run })
}
