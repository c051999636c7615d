import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { errorMessage } from "./lib/outcome"
import { processSmaregiTransactionWorkflow, SALE_WORKFLOW_STEPS, type ProcessInput, type ProcessOutcome } from "./process-transaction"
import { recordSmaregiRunFailureWorkflow } from "./record-run-failure"

/**
 * Runs the dispatcher over one inbox row, as the webhook's subscriber, the pending job, the pull and a replay do.
 * A failed sale workflow is recorded on the row (IN-17) and not thrown; a resumed import with newer data waiting
 * gets one more run. Anything else (row gone, lock not free in time) is thrown.
 */
export async function processSmaregiTransaction(
  container: MedusaContainer,
  input: ProcessInput,
  resumed = false
): Promise<ProcessOutcome> {
  const since = new Date().toISOString()
  const { result, errors } = await processSmaregiTransactionWorkflow(container).run({ input, throwOnError: false })
  const failed = errors?.[0]
  if (failed) {
    const action = SALE_WORKFLOW_STEPS[failed.action]
    if (!action) throw failed.error instanceof Error ? failed.error : new MedusaError(MedusaError.Types.UNEXPECTED_STATE, errorMessage(failed.error))
    const { result: recorded } = await recordSmaregiRunFailureWorkflow(container).run({
      input: {
        transaction_id: input.transaction_id,
        action,
        message: errorMessage(failed.error),
        since,
        delivered_upd_date_time: input.delivered_upd_date_time,
      },
    })
    return outcomeOf(recorded)
  }
  if (result.follow_up && !resumed) return processSmaregiTransaction(container, { ...input, replay: false }, true)
  return outcomeOf(result)
}

function outcomeOf({ follow_up: _, ...outcome }: ProcessOutcome & { follow_up?: boolean }): ProcessOutcome {
  return outcome
}
