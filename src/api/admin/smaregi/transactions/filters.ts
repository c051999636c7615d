import type { AdminListSmaregiTransactionsType } from "./validators"

export type TransactionFilter = Pick<AdminListSmaregiTransactionsType, "status" | "connection_id" | "q" | "points_drift">

/** The list's filters, shared with the CSV export. */
export function transactionFilters({ status, connection_id, q, points_drift }: TransactionFilter): Record<string, unknown> {
  const filters: Record<string, unknown> = {}
  if (status?.length) filters.status = status
  if (points_drift !== undefined) filters.points_drift = points_drift ? { $ne: null } : null
  if (connection_id) filters.connection_id = connection_id
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    filters.$or = ["transaction_head_id", "store_id", "customer_code"].map((field) => ({ [field]: { $ilike: like } }))
  }
  return filters
}
