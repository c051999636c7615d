// Shapes that the admin API answers with and the admin extension reads. Types only: the admin bundle
// imports this file, so it must stay free of runtime and Medusa imports.
import type { ConnectionSettings } from "./settings"

/**
 * A connection as any API may show it: secrets reduced to "set / not set". `Time` is `Date` on the
 * server and `string` once it has gone through JSON.
 */
export type PublicConnection<Time = string> = {
  id: string
  name: string
  enabled: boolean
  agreement_secret_set: boolean
  access_token_set: boolean
  /** v2 (スマレジAPI) or platform (Platform API). */
  api: "v2" | "platform"
  client_secret_set: boolean
  webhook_secret_set: boolean
  settings: ConnectionSettings
  /** Why member sync is paused (a legacy approval metadata key without an approval group), or null. */
  member_sync_paused: string | null
  reconcile_watermark: string | null
  reconciled_at: Time | null
  /** Smaregi's highest customerId when last read (null = not read yet); new member ids are allocated above it. */
  customer_id_floor: number | null
  customer_id_floor_read_at: Time | null
  /**
   * Platform features the contract's plan refused (bulk writes and point add need a premium plan); the plugin uses
   * the single/absolute call instead. `checked_at` null: asked again at the next use.
   */
  plan_lacks: Array<{ feature: "point_add" | "bulk_write"; since: string; checked_at: string | null }>
  created_at: Time
  updated_at: Time
}

export type TransactionStatus =
  | "received"
  | "imported"
  | "updated"
  | "canceled"
  | "skipped"
  | "failed"
  | "needs_attention"

/** The columns of a smaregi_transaction row that the sales workflows and the admin both read. */
export type TransactionRowBase = {
  id: string
  connection_id: string
  transaction_head_id: string
  upd_date_time: string | null
  applied_upd_date_time: string | null
  status: TransactionStatus
  action: string | null
  reason_code: string | null
  reason: string | null
  attempts: number
  order_id: string | null
  store_id: string | null
  /** Set when the register's points movement took more than the web ledger held (recorded anyway, PTS-5). */
  points_drift: TransactionPointsDrift | null
}

/** What `points_drift` on a transaction holds, and the payload of `smaregi.transaction.points_drift`. */
export type TransactionPointsDrift = {
  customer_id: string
  /** spendPoint and newPoint as applied (after a cancel both are 0). */
  spend: number
  earn: number
  /** Each debit that took more than the ledger held. */
  debits: Array<{ kind: string; amount: number; balance_before: number; balance_after: number }>
  balance_after: number
  at: string
}

/** One transaction of `POST /admin/smaregi/transactions/replay-failed`. */
export type ReplayedTransaction = {
  id: string
  transaction_head_id: string
  status: string
  order_id: string | null
  reason: string | null
  error?: string
}

export type PreviewLine = {
  transaction_detail_id: string
  /** department: a 部門売り line, imported as a custom line without a variant */
  kind: "product" | "department" | "unknown"
  category_name: string | null
  product_code: string | null
  product_name: string | null
  color: string | null
  size: string | null
  quantity: string | null
  variant_id: string | null
  sku: string | null
  product_title: string | null
  variant_title: string | null
  problem: string | null
}

type Json = Record<string, unknown>

/**
 * What one head of a dry run would become. The server fills in its own customer, order, amounts and
 * stock types; the admin reads them as plain JSON.
 */
export type HeadPreview<Customer = Json, Order = Json, Amounts = Json, Stock = Json> = {
  transaction_head_id: string
  upd_date_time: string | null
  /** the inbox row already stored for this head, if any */
  existing: { id: string; status: string; order_id: string | null; applied_upd_date_time: string | null } | null
  classification: { action: "create" | "update" | "cancel" | "skip"; reason_code: string | null; message: string | null }
  /** what importing it now would do */
  outcome: "create_order" | "update_order" | "cancel_order" | "skip" | "fail"
  customer: Customer | null
  lines: PreviewLine[]
  order: Order | null
  amounts: Amounts | null
  points: { spend: number; earn: number; would_move: boolean } | null
  stock: Stock[]
  errors: string[]
}

export type OrderPreview<Head = HeadPreview> = { connection_id: string; transactions: Head[] }

export type PullRunStatus = "running" | "done" | "failed"

/** One "Pull sales now" / "Import past sales" run and its progress. */
export type PullRun<Time = string> = {
  id: string
  connection_id: string
  kind: "pull_now" | "past_sales"
  date_from: string | null
  date_to: string | null
  status: PullRunStatus
  windows_total: number
  windows_done: number
  heads: number
  known: number
  imported: number
  skipped: number
  failed: number
  error: string | null
  finished_at: Time | null
  created_at: Time
  updated_at: Time
}
