import type { MedusaContainer } from "@medusajs/framework/types"
import { SMAREGI_MODULE } from "../../../modules/smaregi"
import type SmaregiModuleService from "../../../modules/smaregi/service"
import type { ConnectionSettings } from "../../../smaregi/settings"
import type { SmaregiTransaction, TransactionDetail, TransactionHead } from "../../../smaregi/transaction-schema"
import type { TransactionRowBase, TransactionStatus } from "../../../smaregi/admin-types"

export type { TransactionStatus }

/** A smaregi_transaction row as the sales workflows read it. */
export type TransactionRow = TransactionRowBase & {
  head: TransactionHead
  details: TransactionDetail[]
}

export type SaleConnection = { id: string; name: string; enabled: boolean; settings: ConnectionSettings }

export function smaregiService(container: MedusaContainer): SmaregiModuleService {
  return container.resolve<SmaregiModuleService>(SMAREGI_MODULE)
}

export async function loadTransactionRow(container: MedusaContainer, id: string): Promise<TransactionRow> {
  const row = await smaregiService(container).retrieveSmaregiTransaction(id)
  return row as unknown as TransactionRow
}

export async function findTransactionRow(
  container: MedusaContainer,
  connectionId: string,
  transactionHeadId: string
): Promise<TransactionRow | null> {
  const [row] = await smaregiService(container).listSmaregiTransactions({
    connection_id: connectionId,
    transaction_head_id: transactionHeadId,
  })
  return (row as unknown as TransactionRow | undefined) ?? null
}

export async function loadConnection(container: MedusaContainer, id: string): Promise<SaleConnection> {
  const conn = await smaregiService(container).getPublicConnection(id)
  return { id: conn.id, name: conn.name, enabled: conn.enabled, settings: conn.settings }
}

export function rowTransaction(row: Pick<TransactionRow, "head" | "details">): SmaregiTransaction {
  return { head: row.head, details: Array.isArray(row.details) ? row.details : [] }
}

/** `smaregi:tx:<connection>:<head>`: the lock and points-ledger key of one Smaregi transaction. */
export function transactionKey(connectionId: string, transactionHeadId: string): string {
  return `smaregi:tx:${connectionId}:${transactionHeadId}`
}
