import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { recordSmaregiRunFailureStep, type RecordRunFailureInput } from "./steps/record-run-failure"
import { smaregiRunOutcomeStep } from "./steps/run-outcome"
import { acquireSmaregiTransactionLockStep, releaseSmaregiTransactionLockStep } from "./steps/transaction-lock"

/** A failed run's failure, recorded under the transaction's lock. */
export const recordSmaregiRunFailureWorkflow = createWorkflow("smaregi-record-run-failure", (input: RecordRunFailureInput) => {
  const lock = acquireSmaregiTransactionLockStep({ transaction_id: input.transaction_id })
  const action = recordSmaregiRunFailureStep(input)
  const outcome = smaregiRunOutcomeStep(transform({ input, action }, ({ input, action }) => ({ transaction_id: input.transaction_id, action })))
  releaseSmaregiTransactionLockStep(lock)
  return new WorkflowResponse(outcome)
})
