import { entityId } from "../../../smaregi/ids"
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

// The row and its event commit together, in one round trip.
const RECORD_RESULT = `
WITH updated AS (
  UPDATE smaregi_transaction
     SET status = ?, action = ?, applied_upd_date_time = ?, reason_code = ?, reason = ?, processed_at = now(), updated_at = now()
   WHERE id = ? AND deleted_at IS NULL
  RETURNING id
)
INSERT INTO smaregi_transaction_event
  (id, transaction_id, connection_id, transaction_head_id, type, reason_code, message, upd_date_time, created_at, updated_at)
SELECT ?, id, ?, ?, ?, ?, ?, ?, now(), now() FROM updated
RETURNING id`

/** The inbox row shows what was applied, and the event log says so. */
export const recordSmaregiResultStep = createStep(
  "smaregi-record-result",
  async (input: RecordResultInput, { container }) => {
    const reasonCode = input.reason_code ?? null
    const reason = input.reason ?? null
    const rows = await smaregiService(container).executeSql(RECORD_RESULT, [
      input.status,
      input.action,
      input.applied_upd_date_time,
      reasonCode,
      reason,
      input.transaction_id,
      entityId("smtxe"),
      input.connection_id,
      input.transaction_head_id,
      input.event,
      reasonCode,
      reason,
      input.applied_upd_date_time,
    ])
    if (!rows.length) throw new Error(`smaregi: transaction ${input.transaction_head_id} (${input.transaction_id}) no longer exists`)
    return new StepResponse(input.status)
  }
)
