import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { recordFailure } from "../lib/outcome"
import type { LoadedRun } from "./load-run"

export type RecordFailureInput = LoadedRun & { reason_code: string; message: string; action: string }

/** A failure (IN-17): the row is `failed` with the reason, logged, notified. */
export const recordSmaregiFailureStep = createStep("smaregi-record-failure", async (input: RecordFailureInput, { container }) => {
  await recordFailure(
    container,
    input.row,
    { reasonCode: input.reason_code, message: input.message, action: input.action, updDateTime: input.row.upd_date_time },
    input.connection.settings,
    input.connection.name
  )
  return new StepResponse(true)
})
