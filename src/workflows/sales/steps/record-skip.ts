import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { recordSkip } from "../lib/outcome"
import type { TransactionRow } from "../lib/transaction-row"

export type RecordSkipInput = {
  row: TransactionRow
  reason_code: string
  message: string
  /** the delivery brought nothing new: only logged */
  delivery_only: boolean
  upd_date_time: string | null
}

/** A skip: logged, and shown on the row unless the delivery brought nothing new. */
export const recordSmaregiSkipStep = createStep("smaregi-record-skip", async (input: RecordSkipInput, { container }) => {
  await recordSkip(container, input.row, {
    reasonCode: input.reason_code,
    message: input.message,
    deliveryOnly: input.delivery_only,
    updDateTime: input.upd_date_time,
  })
  return new StepResponse(true)
})
