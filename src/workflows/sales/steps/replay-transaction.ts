import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { REPLAYABLE_STATUSES, replayTransaction } from "../lib/process"
import { loadTransactionRow } from "../lib/transaction-row"

/** Re-runs a failed, skipped or needs-attention transaction after the mapping was fixed. */
export const replaySmaregiTransactionStep = createStep(
  "smaregi-replay-transaction",
  async (input: { transaction_id: string }, { container }) => {
    const row = await loadTransactionRow(container, input.transaction_id)
    if (!REPLAYABLE_STATUSES.includes(row.status)) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `transaction ${row.transaction_head_id} is ${row.status}; only ${REPLAYABLE_STATUSES.join(", ")} transactions can be replayed`
      )
    }
    return new StepResponse(await replayTransaction(container, row.id))
  }
)
