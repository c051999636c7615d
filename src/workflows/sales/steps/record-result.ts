import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { EventType } from "../lib/outcome"
import { smaregiService, type TransactionStatus } from "../lib/transaction-row"

export type RecordResultInput = {
  transaction_id: string
  connection_id: string
  transaction_head_id: string
  status: TransactionStatus
  action: string
  applied_upd_date_time: string | null
  event: EventType
  reason_code?: string | null
  reason?: string | null
}

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
