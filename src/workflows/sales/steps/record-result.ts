import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { TransactionResult } from "../../../modules/smaregi/repositories"
import type { EventType } from "../lib/outcome"
import { smaregiService } from "../lib/transaction-row"

export type RecordResultInput = TransactionResult & { event: EventType }

/** The inbox row shows what was applied, and the event log says so. */
export const recordSmaregiResultStep = createStep(
  "smaregi-record-result",
  async (input: RecordResultInput, { container }) => {
    if (!(await smaregiService(container).recordSmaregiResult(input))) {
      throw new Error(`smaregi: transaction ${input.transaction_head_id} (${input.transaction_id}) no longer exists`)
    }
    return new StepResponse(input.status)
  }
)
