import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { recordTransactionEvent } from "../lib/outcome"
import { loadTransactionRow, type TransactionStatus } from "../lib/transaction-row"

export const REPLAYABLE_STATUSES: TransactionStatus[] = ["failed", "skipped", "needs_attention", "received"]

/** An operator's replay (IN-17) of a failed, skipped or needs-attention transaction: logged as `replayed`. */
export const markSmaregiReplayedStep = createStep(
  "smaregi-mark-replayed",
  async (input: { transaction_id: string }, { container }) => {
    const row = await loadTransactionRow(container, input.transaction_id)
    if (!REPLAYABLE_STATUSES.includes(row.status)) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `transaction ${row.transaction_head_id} is ${row.status}; only ${REPLAYABLE_STATUSES.join(", ")} transactions can be replayed`
      )
    }
    await recordTransactionEvent(container, row, {
      type: "replayed",
      message: `replay requested (status was ${row.status}${row.reason ? `: ${row.reason}` : ""})`,
      updDateTime: row.upd_date_time,
    })
    return new StepResponse(row.id)
  }
)
