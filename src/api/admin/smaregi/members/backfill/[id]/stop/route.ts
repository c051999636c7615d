import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { stopMemberBackfillWorkflow } from "../../../../../../../workflows/members/backfill"
import { smaregiService } from "../../../../../../../workflows/members/store"
import { type BackfillRecord, toBackfillProgress } from "../../../helpers"

/** POST /admin/smaregi/members/backfill/:id/stop — stops after the current batch; start again to resume. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await stopMemberBackfillWorkflow(req.scope).run({ input: { id: req.params.id } })
  const row = (await smaregiService(req.scope).retrieveSmaregiBackfill(req.params.id)) as unknown as BackfillRecord
  res.json({ backfill: toBackfillProgress(row) })
}
