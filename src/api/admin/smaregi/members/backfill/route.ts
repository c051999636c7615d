import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { requestMemberBackfill, type StartBackfillResult, startMemberBackfillWorkflow } from "../../../../../workflows/members/backfill"
import { smaregiService } from "../../../../../workflows/members/store"
import { type BackfillRecord, toBackfillProgress } from "../helpers"
import type { AdminStartMemberBackfillType } from "../validators"

/**
 * POST /admin/smaregi/members/backfill — `dry_run: true` only counts; otherwise starts (or resumes, from its
 * cursor) the connection's backfill of all registered customers and answers at once with its progress; the
 * smaregi.member.backfill_requested subscriber runs it.
 */
export async function POST(req: AuthenticatedMedusaRequest<AdminStartMemberBackfillType>, res: MedusaResponse) {
  const { connection_id, dry_run } = req.validatedBody
  const { result } = await startMemberBackfillWorkflow(req.scope).run({ input: { connection_id, dry_run } })
  const { count, backfill } = result as StartBackfillResult
  if (!backfill) {
    res.json({ dry_run: true, count })
    return
  }
  await requestMemberBackfill(req.scope, backfill.id)
  const row = (await smaregiService(req.scope).retrieveSmaregiBackfill(backfill.id)) as unknown as BackfillRecord
  res.status(backfill.resumed ? 200 : 201).json({ dry_run: false, count, resumed: backfill.resumed, backfill: toBackfillProgress(row) })
}
