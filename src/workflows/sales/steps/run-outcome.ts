import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { compareUpdDateTime } from "../../../smaregi/classify"
import type { SaleAction } from "../lib/decide"
import { loadTransactionRow, type TransactionStatus } from "../lib/transaction-row"

export type ProcessOutcome = {
  transaction_id: string
  transaction_head_id: string
  action: SaleAction | "skip"
  status: TransactionStatus
  order_id: string | null
  reason_code: string | null
  reason: string | null
}

/** What one run left on the row; `follow_up` when a resumed import finished and newer data waits to be applied. */
export type RunOutcome = ProcessOutcome & { follow_up: boolean }

export const smaregiRunOutcomeStep = createStep(
  "smaregi-run-outcome",
  async (input: { transaction_id: string; action: ProcessOutcome["action"] }, { container }) => {
    const row = await loadTransactionRow(container, input.transaction_id)
    return new StepResponse<RunOutcome>({
      transaction_id: row.id,
      transaction_head_id: row.transaction_head_id,
      action: input.action,
      status: row.status,
      order_id: row.order_id ?? null,
      reason_code: row.reason_code ?? null,
      reason: row.reason ?? null,
      follow_up:
        input.action === "resume" &&
        !!row.applied_upd_date_time &&
        compareUpdDateTime(row.upd_date_time, row.applied_upd_date_time) > 0,
    })
  }
)
