import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { recordTransactionEvent, type EventType } from "../lib/outcome"
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
    await smaregiService(container).updateSmaregiTransactions({
      id: input.transaction_id,
      status: input.status,
      action: input.action,
      applied_upd_date_time: input.applied_upd_date_time,
      reason_code: input.reason_code ?? null,
      reason: input.reason ?? null,
      processed_at: new Date(),
    })
    await recordTransactionEvent(
      container,
      { id: input.transaction_id, connection_id: input.connection_id, transaction_head_id: input.transaction_head_id },
      { type: input.event, reasonCode: input.reason_code, message: input.reason, updDateTime: input.applied_upd_date_time }
    )
    return new StepResponse(input.status)
  }
)
