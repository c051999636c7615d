import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { smaregiService } from "../../../../../../workflows/members/store"
import { type BackfillRecord, toBackfillProgress } from "../../helpers"

/** GET /admin/smaregi/members/backfill/:id — progress: total, done, failed, skipped, remaining, status. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const row = (await smaregiService(req.scope).retrieveSmaregiBackfill(req.params.id)) as unknown as BackfillRecord
  res.json({ backfill: toBackfillProgress(row) })
}
