import { entityId } from "../../smaregi/ids"
import type { ParamsForm } from "../../smaregi/push-parser"
import type { SmaregiTransaction } from "../../smaregi/transaction-schema"
import type { Sql } from "./repositories/sql"

// The durable inbox for Smaregi transaction pushes: the raw request, one row per head holding the
// newest data received for it, and one `received` event per delivery of a head.

export type RequestOutcome = "accepted" | "malformed"

export type SmaregiRequestRecord = {
  connectionId: string | null
  outcome: RequestOutcome
  httpStatus: number
  errorCode?: string | null
  errorMessage?: string | null
  sourceIp?: string | null
  contentType?: string | null
  procName?: string | null
  /** Which form params arrived in (null when it could not be read). */
  paramsForm?: ParamsForm | null
  /** Already redacted: no agreement secret. */
  query?: Record<string, unknown> | null
  /** Already redacted: no agreement secret. */
  body?: string | null
  bodySize?: number
  headCount?: number
}

/** Why this delivery was (or was not) taken as the row's data. */
export type DeliveryKind = "first_delivery" | "newest_data" | "older_data"

export type InboxDelivery = {
  /** The smaregi_transaction row id. */
  transactionId: string
  connectionId: string
  transactionHeadId: string
  /** updDateTime of this delivery (not necessarily the stored one). */
  updDateTime: string | null
  kind: DeliveryKind
  eventId: string
}

export type RecordDeliveryInput = {
  connectionId: string
  transaction: SmaregiTransaction
  requestId?: string | null
}

const INSERT_REQUEST = `INSERT INTO smaregi_request
       (id, connection_id, outcome, http_status, error_code, error_message, source_ip, content_type, proc_name,
        params_form, query, body, body_size, head_count, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, now(), now())`

function requestParams(id: string, record: SmaregiRequestRecord): unknown[] {
  return [
    id,
    record.connectionId,
    record.outcome,
    record.httpStatus,
    record.errorCode ?? null,
    storableText(record.errorMessage),
    storableText(record.sourceIp),
    storableText(record.contentType),
    storableText(record.procName),
    record.paramsForm ?? null,
    record.query ? JSON.stringify(storable(record.query)) : null,
    storableText(record.body),
    record.bodySize ?? 0,
    record.headCount ?? 0,
  ]
}

const NEWER = `(t.upd_date_time IS NULL OR excluded.upd_date_time COLLATE "C" >= t.upd_date_time COLLATE "C")`
const TAKE = (column: string) => `${column} = CASE WHEN ${NEWER} THEN excluded.${column} ELSE t.${column} END`

// One statement per head, so the row and its `received` event commit together; a concurrent
// delivery of the same head waits on the row lock and then compares against what was committed.
const UPSERT_CTES = `
upserted AS (
  INSERT INTO smaregi_transaction AS t
    (id, connection_id, transaction_head_id, upd_date_time, status, attempts, store_id, customer_code, total,
     transaction_date_time, head, details, request_id, created_at, updated_at)
  VALUES (?, ?, ?, ?, 'received', 0, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, now(), now())
  ON CONFLICT (connection_id, transaction_head_id) WHERE deleted_at IS NULL
  DO UPDATE SET
    ${["upd_date_time", "store_id", "customer_code", "total", "transaction_date_time", "head", "details", "request_id"]
      .map(TAKE)
      .join(",\n    ")},
    updated_at = CASE WHEN ${NEWER} THEN now() ELSE t.updated_at END
  RETURNING t.id, t.upd_date_time, (t.xmax = 0) AS created
),
classified AS (
  SELECT id, upd_date_time,
         CASE WHEN created THEN 'first_delivery'
              WHEN upd_date_time IS NOT DISTINCT FROM ?::text THEN 'newest_data'
              ELSE 'older_data' END AS kind
    FROM upserted
)`
const INSERT_RECEIVED_EVENT = `
INSERT INTO smaregi_transaction_event
  (id, transaction_id, connection_id, transaction_head_id, type, reason_code, message, upd_date_time, request_id,
   created_at, updated_at)
SELECT ?, c.id, ?, ?, 'received', c.kind,
       CASE c.kind
         WHEN 'first_delivery' THEN 'first delivery of this transaction'
         WHEN 'newest_data' THEN 'stored as the newest data of this transaction'
         ELSE 'older than the stored data (updDateTime ' || COALESCE(c.upd_date_time, 'unknown') || '); stored data kept'
       END,
       ?, ?, now(), now()
  FROM classified c
RETURNING id, transaction_id, reason_code`
const UPSERT_WITH_EVENT = `WITH ${UPSERT_CTES} ${INSERT_RECEIVED_EVENT}`
const REQUEST_AND_UPSERT_WITH_EVENT = `WITH request AS (${INSERT_REQUEST} RETURNING id), ${UPSERT_CTES} ${INSERT_RECEIVED_EVENT}`

function deliveryParams(input: RecordDeliveryInput): { params: unknown[]; headId: string; upd: string | null } {
  const head = storable(input.transaction.head) as SmaregiTransaction["head"]
  const details = storable(input.transaction.details)
  const headId = head.transactionHeadId
  const upd = head.updDateTime ?? null
  const params = [
    entityId("smtx"),
    input.connectionId,
    headId,
    upd,
    head.storeId ?? null,
    head.customerCode ?? null,
    head.total ?? null,
    head.transactionDateTime ?? null,
    JSON.stringify(head),
    JSON.stringify(details),
    input.requestId ?? null,
    upd,
    entityId("smtxe"),
    input.connectionId,
    headId,
    upd,
    input.requestId ?? null,
  ]
  return { params, headId, upd }
}

function deliveryOf(connectionId: string, headId: string, upd: string | null, rows: Record<string, unknown>[]): InboxDelivery {
  const row = rows[0]
  if (!row) throw new Error(`smaregi inbox: storing transaction ${headId} returned no row`)
  return {
    transactionId: String(row.transaction_id),
    connectionId,
    transactionHeadId: headId,
    updDateTime: upd,
    kind: row.reason_code as DeliveryKind,
    eventId: String(row.id),
  }
}

/** The inbox's writes, on the module's SQL. */
export class InboxRecords {
  constructor(private readonly sql: Sql) {}

  async recordRequest(record: SmaregiRequestRecord): Promise<string> {
    const id = entityId("smreq")
    await this.sql(INSERT_REQUEST, requestParams(id, record))
    return id
  }

  /**
   * Stores one delivery of a transaction head: inserts its inbox row, or replaces the row's data when
   * this delivery's updDateTime is the same or newer than the stored one; always records a `received` event.
   */
  async recordTransactionDelivery(input: RecordDeliveryInput): Promise<InboxDelivery> {
    const { params, headId, upd } = deliveryParams(input)
    return deliveryOf(input.connectionId, headId, upd, await this.sql(UPSERT_WITH_EVENT, params))
  }

  /**
   * An authenticated, well-formed push: the raw request and its first head in one statement (one round trip
   * for the usual one-sale push), then every further head. When storing fails, the request is still recorded
   * as answered 500, so the operator sees what Smaregi will resend.
   */
  async recordAcceptedPush(
    input: { request: Omit<SmaregiRequestRecord, "outcome" | "connectionId" | "headCount">; connectionId: string; transactions: SmaregiTransaction[] }
  ): Promise<{ requestId: string; deliveries: InboxDelivery[] }> {
    const requestId = entityId("smreq")
    const record: SmaregiRequestRecord = {
      ...input.request,
      outcome: "accepted",
      connectionId: input.connectionId,
      headCount: input.transactions.length,
    }
    const [first, ...rest] = input.transactions
    let requestStored = false
    try {
      const deliveries: InboxDelivery[] = []
      if (first) {
        const delivery = deliveryParams({ connectionId: input.connectionId, transaction: first, requestId })
        const rows = await this.sql(
          REQUEST_AND_UPSERT_WITH_EVENT,
          [...requestParams(requestId, record), ...delivery.params]
        )
        requestStored = true
        deliveries.push(deliveryOf(input.connectionId, delivery.headId, delivery.upd, rows))
      } else {
        await this.sql(INSERT_REQUEST, requestParams(requestId, record))
        requestStored = true
      }
      for (const transaction of rest) {
        deliveries.push(await this.recordTransactionDelivery({ connectionId: input.connectionId, transaction, requestId }))
      }
      return { requestId, deliveries }
    } catch (error) {
      const failure = { httpStatus: 500, errorCode: "store_failed", errorMessage: error instanceof Error ? error.message : String(error) }
      const recorded = requestStored
        ? this.markRequestOutcome(requestId, failure)
        : this.sql(INSERT_REQUEST, requestParams(requestId, { ...record, ...failure }))
      await recorded.catch(() => undefined)
      throw error
    }
  }

  /** Marks a stored request as answered differently than planned (e.g. storing its heads failed). */
  async markRequestOutcome(
    requestId: string,
    update: { httpStatus: number; errorCode: string; errorMessage: string }
  ): Promise<void> {
    await this.sql(
      `UPDATE smaregi_request SET http_status = ?, error_code = ?, error_message = ?, updated_at = now() WHERE id = ?`,
      [update.httpStatus, update.errorCode, update.errorMessage, requestId]
    )
  }
}

// PostgreSQL text cannot hold NUL and jsonb refuses unpaired surrogates: whatever a push contains
// must still be storable, so those characters become U+FFFD.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

export function storableText<T extends string | null | undefined>(text: T): T | null {
  return text == null ? null : (text.replace(UNSTORABLE, "\ufffd") as T)
}

// Smaregi rows are flat; a hostile push can nest an unknown field deep enough to overflow the stack.
// The raw request keeps the original, so a too-deep value is replaced by a marker.
export const MAX_STORABLE_DEPTH = 32

export function storable(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return storableText(value)
  if (typeof value !== "object" || value === null) return value
  if (depth >= MAX_STORABLE_DEPTH) return `[nested deeper than ${MAX_STORABLE_DEPTH} levels; kept in the raw request]`
  if (Array.isArray(value)) return value.map((v) => storable(v, depth + 1))
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), storable(v, depth + 1)]))
}

export const DEFAULT_WEBHOOK_MAX_BYTES = 1024 * 1024

const SIZE_UNITS: Record<string, number> = { "": 1, b: 1, kb: 1024, k: 1024, mb: 1024 * 1024, m: 1024 * 1024 }

/** The webhook body limit in bytes from a module option or env value (`2097152`, `"512kb"`, `"2mb"`); default 1 MB. */
export function resolveWebhookMaxBytes(...candidates: unknown[]): number {
  for (const value of candidates) {
    if (typeof value === "number" && Number.isInteger(value) && value > 0) return value
    if (typeof value === "string") {
      const m = /^\s*(\d+)\s*(b|kb?|mb?)?\s*$/i.exec(value)
      const bytes = m ? Number(m[1]) * SIZE_UNITS[(m[2] ?? "").toLowerCase()]! : NaN
      if (Number.isSafeInteger(bytes) && bytes > 0) return bytes
    }
  }
  return DEFAULT_WEBHOOK_MAX_BYTES
}
