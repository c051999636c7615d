import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SMAREGI_MODULE } from "../../../../../modules/smaregi"
import type SmaregiModuleService from "../../../../../modules/smaregi/service"
import type { ReplayedTransaction } from "../../../../../smaregi/admin-types"
import { replaySmaregiTransaction } from "../../../../../workflows/sales/replay-transaction"
import type { AdminReplayFailedSmaregiTransactionsType } from "../validators"

/** Replay every failed transaction (oldest first, at most `limit`), one after another. */
export async function POST(req: AuthenticatedMedusaRequest<AdminReplayFailedSmaregiTransactionsType>, res: MedusaResponse) {
  const smaregi: SmaregiModuleService = req.scope.resolve(SMAREGI_MODULE)
  const { connection_id, limit } = req.validatedBody
  const [failed, count] = await smaregi.listAndCountSmaregiTransactions(
    { status: "failed", ...(connection_id ? { connection_id } : {}) },
    { select: ["id", "transaction_head_id"], order: { created_at: "ASC", id: "ASC" }, take: limit }
  )
  const results: ReplayedTransaction[] = []
  for (const row of failed) {
    try {
      const result = await replaySmaregiTransaction(req.scope, row.id)
      results.push({ id: row.id, transaction_head_id: row.transaction_head_id, status: result.status, order_id: result.order_id, reason: result.reason })
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e)
      results.push({ id: row.id, transaction_head_id: row.transaction_head_id, status: "failed", order_id: null, reason: null, error })
    }
  }
  res.json({ replayed: results.length, remaining: count - results.length, results })
}
