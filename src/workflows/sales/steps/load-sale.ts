import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { ConnectionSettings } from "../../../smaregi/settings"
import type { SmaregiTransaction, TransactionDetail } from "../../../smaregi/transaction-schema"
import { loadConnection, loadTransactionRow, rowTransaction, type SaleConnection, type TransactionRow } from "../lib/transaction-row"

export type LoadedSale = {
  transaction_id: string
  connection_id: string
  connection_name: string
  transaction_head_id: string
  store_id: string | null
  upd_date_time: string | null
  order_id: string | null
  settings: ConnectionSettings
  transaction: SmaregiTransaction
  sale_lines: TransactionDetail[]
}

/** The sale as one run sees it: the inbox row's newest data and its connection's settings. */
export function saleOf(row: TransactionRow, connection: SaleConnection): LoadedSale {
  const transaction = rowTransaction(row)
  return {
    transaction_id: row.id,
    connection_id: row.connection_id,
    connection_name: connection.name,
    transaction_head_id: row.transaction_head_id,
    store_id: transaction.head.storeId ?? row.store_id ?? null,
    upd_date_time: row.upd_date_time,
    order_id: row.order_id,
    settings: connection.settings,
    transaction,
    sale_lines: transaction.details.filter((d) => (d.transactionDetailDivision ?? "").trim() !== "2"),
  }
}

export async function loadSale(container: MedusaContainer, transactionId: string): Promise<LoadedSale> {
  const row = await loadTransactionRow(container, transactionId)
  return saleOf(row, await loadConnection(container, row.connection_id))
}

export const loadSmaregiSaleStep = createStep(
  "smaregi-load-sale",
  async (input: { transaction_id: string }, { container }) => new StepResponse(await loadSale(container, input.transaction_id))
)
