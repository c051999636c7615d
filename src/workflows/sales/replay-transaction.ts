import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { replaySmaregiTransactionStep } from "./steps/replay-transaction"

export type ReplaySmaregiTransactionInput = { transaction_id: string }

/** Admin replay of a failed / skipped / needs-attention transaction: a `replayed` event, then a fresh run. */
export const replaySmaregiTransactionWorkflow = createWorkflow(
  "smaregi-replay-transaction",
  (input: ReplaySmaregiTransactionInput) => new WorkflowResponse(replaySmaregiTransactionStep(input))
)
