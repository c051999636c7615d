import type { ConnectionSettings, FieldMappingEntry, MemberFieldMappingEntry } from "../../smaregi/settings"
import type {
  HeadPreview,
  OrderPreview,
  PreviewLine,
  PublicConnection,
  PullRun,
  ReplayedTransaction,
  TransactionRowBase,
  TransactionStatus,
} from "../../smaregi/admin-types"

export type { PullRun }
import { sdk } from "./sdk"

export type { ConnectionSettings, FieldMappingEntry, MemberFieldMappingEntry, HeadPreview, OrderPreview, PreviewLine, TransactionStatus }
export type RankMappingEntry = ConnectionSettings["rankMapping"][number]

export type Connection = PublicConnection

export type ConnectionBody = {
  name?: string
  enabled?: boolean
  agreement_secret?: string | null
  access_token?: string | null
  api?: "v2" | "platform"
  client_secret?: string | null
  webhook_secret?: string | null
  settings?: Partial<ConnectionSettings>
}

export type SmaregiTransaction = TransactionRowBase & {
  customer_code: string | null
  total: string | null
  transaction_date_time: string | null
  head?: Record<string, unknown>
  details?: Array<Record<string, unknown>>
  request_id: string | null
  processed_at: string | null
  created_at: string
  updated_at: string
}

export type TransactionEvent = {
  id: string
  type: string
  reason_code: string | null
  message: string | null
  upd_date_time: string | null
  request_id: string | null
  created_at: string
}

export type MemberStatus = "pending" | "synced" | "failed" | "withdrawn" | "deleted" | "link_pending"

export type SmaregiMember = {
  id: string
  connection_id: string
  customer_id: string
  /** null while a Platform API member waits for the id Smaregi assigns. */
  smaregi_customer_id: string | null
  customer_code: string
  status: MemberStatus
  linked_existing: boolean
  link_source?: "signup" | "import" | null
  link_rejected_smaregi_id?: string | null
  attempts: number
  last_error_code: string | null
  last_error: string | null
  next_attempt_at: string | null
  requested_at: string | null
  last_synced_at: string | null
  last_payload?: Record<string, unknown> | null
  created_at: string
  updated_at: string
  customer?: { email: string | null; first_name: string | null; last_name: string | null } | null
}

export type Backfill = {
  id: string
  connection_id: string
  status: "running" | "stopped" | "completed" | "failed"
  total: number
  done: number
  failed: number
  skipped: number
  remaining?: number
  last_error: string | null
  finished_at: string | null
  created_at?: string
}

export type BackfillCount = {
  connection_id: string
  /** registered customers (has_account) */
  registered: number
  /** registered and approved (approval gating); only counted by a dry run */
  eligible: number | null
  /** already synced: unchanged rows are not pushed again */
  already_synced: number
}

export type Stats = Record<string, unknown>

export type PointsSummary = {
  customer_id: string
  balance: number
  nearest_expiry: string | null
  history: Array<{ id: string; amount: number; kind?: string; reason: string | null; source_key?: string; expires_at?: string | null; created_at: string }>
  count: number
}

export type CustomerBarcode = {
  code: string
  type: string
  svg: string
  member_id: string
  connection_id: string
  status: MemberStatus
  scannable: boolean
}

export type ConnectionTestResult = {
  ok: boolean
  total_count?: number
  error_code?: string
  smaregi_error_code?: number | null
  message?: string
}


type Query = Record<string, string | number | boolean | undefined>

function clean(query: Query | undefined): Record<string, string | number | boolean> | undefined {
  if (!query) return undefined
  const out: Record<string, string | number | boolean> = {}
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") out[k] = v
  return out
}

/** Downloads a CSV export route with the admin's session and saves it under the name the server gives. */
export async function downloadCsv(path: string, query?: Query): Promise<void> {
  const res = await sdk.client.fetch<Response>(path, { method: "GET", query: clean(query), headers: { accept: "text/csv" } })
  const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? `${path.split("/").slice(-2, -1)[0]}.csv`
  const url = URL.createObjectURL(await res.blob())
  const link = document.createElement("a")
  link.href = url
  link.download = name
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export function get<T>(path: string, query?: Query): Promise<T> {
  return sdk.client.fetch<T>(path, { method: "GET", query: clean(query) })
}

export function post<T>(path: string, body: Record<string, unknown> = {}): Promise<T> {
  return sdk.client.fetch<T>(path, { method: "POST", body })
}

export function del<T>(path: string): Promise<T> {
  return sdk.client.fetch<T>(path, { method: "DELETE" })
}

/** Picks the first array-valued key of a list response, whatever its name (`connections`, `transactions`…). */
export function listOf<T>(response: unknown, key: string): T[] {
  if (Array.isArray(response)) return response as T[]
  const record = (response ?? {}) as Record<string, unknown>
  if (Array.isArray(record[key])) return record[key] as T[]
  const first = Object.values(record).find(Array.isArray)
  return (first as T[] | undefined) ?? []
}

export function countOf(response: unknown, fallback: number): number {
  const count = (response as { count?: unknown } | null)?.count
  return typeof count === "number" ? count : fallback
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}

export const smaregiApi = {
  connections: () => get<unknown>("/admin/smaregi/connections").then((r) => listOf<Connection>(r, "connections")),
  connection: (id: string) =>
    get<{ connection: Connection }>(`/admin/smaregi/connections/${id}`).then((r) => r.connection),
  createConnection: (body: ConnectionBody & Record<string, unknown>) =>
    post<{ connection: Connection }>("/admin/smaregi/connections", body).then((r) => r.connection),
  updateConnection: (id: string, body: ConnectionBody & Record<string, unknown>) =>
    post<{ connection: Connection }>(`/admin/smaregi/connections/${id}`, body).then((r) => r.connection),
  deleteConnection: (id: string) => del<unknown>(`/admin/smaregi/connections/${id}`),
  testConnection: (id: string) =>
    post<ConnectionTestResult>(`/admin/smaregi/connections/${id}/test-connection`),
  defaultFieldMapping: () => get<unknown>("/admin/smaregi/connections/default-field-mapping"),
  fieldMapping: (id: string) => get<unknown>(`/admin/smaregi/connections/${id}/field-mapping`),
  /** Without a range: from the watermark to now; with JST dates (inclusive): the sales made on those days. */
  startPull: (id: string, range?: { from: string; to: string }) =>
    post<{ run_id: string }>(`/admin/smaregi/connections/${id}/reconcile`, range ?? {}).then((r) => r.run_id),
  pullRun: (id: string, runId: string) =>
    get<{ run: PullRun }>(`/admin/smaregi/connections/${id}/reconcile/${runId}`).then((r) => r.run),
  importPreview: (id: string) =>
    get<{ preview: MemberImportPreview }>(`/admin/smaregi/connections/${id}/import-members/preview`).then((r) => r.preview),
  startImport: (id: string) => post<{ run_id: string; started: boolean }>(`/admin/smaregi/connections/${id}/import-members`),
  importRun: (id: string, runId: string) =>
    get<{ run: MemberImportRun }>(`/admin/smaregi/connections/${id}/import-members/${runId}`).then((r) => r.run),
}

export type MemberImportPreview = {
  total: number
  to_create: number
  to_propose: number
  already_linked: number
  already_proposed: number
  conflicts: number
  skipped: number
}

export type MemberImportRun = {
  id: string
  connection_id: string
  status: "running" | "done" | "failed"
  total: number
  processed: number
  created: number
  proposed: number
  already_linked: number
  conflicts: number
  skipped: number
  error: string | null
  finished_at: string | null
  created_at: string
}

export type ReplayFailedResult = {
  replayed: number
  remaining: number
  results: ReplayedTransaction[]
}

export type TransactionList = { transactions: SmaregiTransaction[]; count: number; limit: number; offset: number }
export type TransactionDetail = { transaction: SmaregiTransaction; events: TransactionEvent[]; order_id: string | null }

/** The dry-run answer, whether wrapped (`{ preview }`) or not. */
export function previewOf(response: unknown): OrderPreview {
  const record = (response ?? {}) as Record<string, unknown>
  const inner = (record.preview ?? record.dry_run ?? record) as Partial<OrderPreview>
  return { connection_id: String(inner.connection_id ?? ""), transactions: inner.transactions ?? [] }
}

export const transactionsApi = {
  list: (query: Query) => get<TransactionList>("/admin/smaregi/transactions", query),
  detail: (id: string) => get<TransactionDetail>(`/admin/smaregi/transactions/${id}`),
  replay: (id: string) => post<{ transaction: SmaregiTransaction }>(`/admin/smaregi/transactions/${id}/replay`),
  replayFailed: (connectionId?: string) =>
    post<ReplayFailedResult>("/admin/smaregi/transactions/replay-failed", connectionId ? { connection_id: connectionId } : {}),
  dryRun: (body: { connection_id: string; params?: string | Record<string, unknown>; body?: string }) =>
    post<unknown>("/admin/smaregi/transactions/dry-run", body).then(previewOf),
  stats: (query: Query = {}) => get<{ stats: Stats }>("/admin/smaregi/stats", query).then((r) => r.stats),
}

/** The push envelope of one stored transaction, to preview its mapping again. */
export function envelopeOf(tx: SmaregiTransaction): Record<string, unknown> {
  return {
    data: [
      { table_name: "TransactionHead", rows: [tx.head ?? {}] },
      { table_name: "TransactionDetail", rows: tx.details ?? [] },
    ],
  }
}

export type MemberList = { members: SmaregiMember[]; count: number; offset: number; limit: number }
export type MemberStats = {
  pending: number
  synced: number
  failed: number
  last_synced_at: string | null
  oldest_pending_at: string | null
}

export const membersApi = {
  list: (query: Query) => get<MemberList>("/admin/smaregi/members", query),
  detail: (id: string) => get<{ member: SmaregiMember }>(`/admin/smaregi/members/${id}`).then((r) => r.member),
  resync: (id: string) =>
    post<{ member: SmaregiMember; queued: boolean; skipped: string | null }>(`/admin/smaregi/members/${id}/resync`),
  resyncFailed: (connectionId?: string) =>
    post<{ failed: number; queued: number; skipped: number }>(
      "/admin/smaregi/members/resync-failed",
      connectionId ? { connection_id: connectionId } : {}
    ),
  startBackfill: (connectionId: string, dryRun = false) =>
    post<{ dry_run: boolean; count: BackfillCount; resumed?: boolean; backfill?: Backfill }>("/admin/smaregi/members/backfill", {
      connection_id: connectionId,
      dry_run: dryRun,
    }),
  backfill: (id: string) => get<{ backfill: Backfill }>(`/admin/smaregi/members/backfill/${id}`).then((r) => r.backfill),
  stopBackfill: (id: string) => post<{ backfill: Backfill }>(`/admin/smaregi/members/backfill/${id}/stop`).then((r) => r.backfill),
  latestBackfills: (connectionId?: string) =>
    get<{ backfills: Backfill[] }>("/admin/smaregi/ui/backfills", { connection_id: connectionId }).then((r) => r.backfills),
  stats: (connectionId?: string) =>
    get<{ member_stats: MemberStats }>("/admin/smaregi/ui/member-stats", { connection_id: connectionId }).then((r) => r.member_stats),
  ofCustomer: (customerId: string) =>
    get<{ member: SmaregiMember | null; members: SmaregiMember[] }>(`/admin/smaregi/customers/${customerId}/member`),
  barcode: (customerId: string) => get<CustomerBarcode>(`/admin/smaregi/customers/${customerId}/barcode`),
  approveLink: (id: string) => post<{ member: SmaregiMember }>(`/admin/smaregi/members/${id}/link/approve`).then((r) => r.member),
  rejectLink: (id: string) => post<{ member: SmaregiMember }>(`/admin/smaregi/members/${id}/link/reject`).then((r) => r.member),
  approveLinks: (ids: string[]) =>
    post<{ approved: Array<{ id: string }>; refused: Array<{ id: string; reason: string; message: string }> }>(
      "/admin/smaregi/members/links/approve",
      { member_ids: ids }
    ),
}

export const pointsApi = {
  ofCustomer: (customerId: string, limit = 5) => get<PointsSummary>(`/admin/points/customers/${customerId}`, { limit }),
}
