import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { loadConnection, loadTransactionRow, type SaleConnection, type TransactionRow } from "../lib/transaction-row"

export type LoadedRun = { row: TransactionRow; connection: SaleConnection }

/** The inbox row as this run sees it (under its lock), with its connection. */
export const loadSmaregiRunStep = createStep("smaregi-load-run", async (input: { transaction_id: string }, { container }) => {
  const row = await loadTransactionRow(container, input.transaction_id)
  return new StepResponse<LoadedRun>({ row, connection: await loadConnection(container, row.connection_id) })
})
