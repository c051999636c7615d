import type { MedusaContainer } from "@medusajs/framework/types"
import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ProcessOutcome } from "./process-transaction"
import { processSmaregiTransaction } from "./run-transaction"
import { markSmaregiReplayedStep } from "./steps/mark-replayed"

export type ReplaySmaregiTransactionInput = { transaction_id: string }

/** Admin replay of a failed / skipped / needs-attention transaction: checked and logged as `replayed`. */
export const replaySmaregiTransactionWorkflow = createWorkflow(
  "smaregi-replay-transaction",
  (input: ReplaySmaregiTransactionInput) => new WorkflowResponse(markSmaregiReplayedStep(input))
)

/** A replay: the `replayed` event, then a fresh run of the dispatcher over the stored data. */
export async function replaySmaregiTransaction(container: MedusaContainer, transactionId: string): Promise<ProcessOutcome> {
  await replaySmaregiTransactionWorkflow(container).run({ input: { transaction_id: transactionId } })
  return processSmaregiTransaction(container, { transaction_id: transactionId, replay: true })
}
