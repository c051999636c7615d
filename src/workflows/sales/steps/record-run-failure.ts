import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { SaleAction } from "../lib/decide"
import { recordFailure, recordSkip } from "../lib/outcome"
import { loadConnection, loadTransactionRow } from "../lib/transaction-row"

export type RecordRunFailureInput = {
  transaction_id: string
  action: SaleAction
  message: string
  /** when the failed run started: a result recorded since then is a newer run's and stays */
  since: string
  delivered_upd_date_time?: string | null
}

/**
 * IN-17: the sale workflow of a run failed (and was rolled back). A create refused because another run imported
 * first is a duplicate, only logged; anything else is recorded as `<action>_failed` with the error's message.
 */
export const recordSmaregiRunFailureStep = createStep(
  "smaregi-record-run-failure",
  async (input: RecordRunFailureInput, { container }) => {
    const row = await loadTransactionRow(container, input.transaction_id)
    if (input.action === "create" && row.order_id) {
      await recordSkip(container, row, {
        reasonCode: "redelivery",
        message: `duplicate import refused: transaction ${row.transaction_head_id} already has order ${row.order_id}`,
        deliveryOnly: true,
        updDateTime: input.delivered_upd_date_time ?? row.upd_date_time,
      })
      return new StepResponse("skip" as const)
    }
    const processedAt = (row as { processed_at?: Date | string | null }).processed_at
    if (processedAt && new Date(processedAt) > new Date(input.since)) return new StepResponse(input.action)
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`smaregi: transaction ${row.transaction_head_id} (${row.id}) ${input.action} failed: ${input.message}`)
    const connection = await loadConnection(container, row.connection_id)
    await recordFailure(
      container,
      row,
      { reasonCode: `${input.action}_failed`, message: input.message, action: input.action, updDateTime: row.upd_date_time },
      connection.settings,
      connection.name
    )
    return new StepResponse(input.action)
  }
)
