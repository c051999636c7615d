import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { jstToday, startPullRun } from "../../../../../../workflows/sales/pull-run"
import type { AdminStartSmaregiPullType } from "./validators"

/**
 * POST /admin/smaregi/connections/:id/reconcile — starts a pull in the background: without a body from the
 * watermark to now, with `{ from, to }` the sales made on those JST days. 202 `{ run_id }`; while a pull of the
 * connection runs, 409 with its run_id.
 */
export async function POST(req: AuthenticatedMedusaRequest<AdminStartSmaregiPullType>, res: MedusaResponse) {
  const body = req.validatedBody ?? {}
  const range = body.from ? { from: body.from, to: body.to ?? jstToday() } : null
  const { run, started } = await startPullRun(req.scope, req.params.id, range)
  if (!started) {
    res.status(409).json({ type: "conflict", message: "A pull of this connection is already running", run_id: run.id })
    return
  }
  res.status(202).json({ run_id: run.id })
}
