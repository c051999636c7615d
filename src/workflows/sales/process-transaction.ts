import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ProcessInput } from "./lib/process"
import { processSmaregiTransactionStep } from "./steps/process-transaction"

export type ProcessSmaregiTransactionInput = Omit<ProcessInput, "replay">

/**
 * Everything after the webhook stored a head (IN-4 … IN-17): under the transaction's lock, classify the
 * newest stored data against what was applied and dispatch to create / update / cancel / skip.
 */
export const processSmaregiTransactionWorkflow = createWorkflow(
  "smaregi-process-transaction",
  (input: ProcessSmaregiTransactionInput) => new WorkflowResponse(processSmaregiTransactionStep(input))
)
