import { entityId } from "../../smaregi/ids"
import type { CustomerRow } from "../../smaregi/customer-fields"
import { NEXT_CUSTOMER_ID_SQL } from "../../modules/smaregi/service"
import type SmaregiModuleService from "../../modules/smaregi/service"

// Atomic SQL over smaregi_member / smaregi_backfill: claims, races between a push in flight and a new save,
// and bulk updates that the generated CRUD cannot express. Arrays travel as one JSON parameter.

export type ClaimedMember = {
  id: string
  customer_id: string
  smaregi_customer_id: string
  customer_code: string
  attempts: number
  linked_existing: boolean
  last_synced_at: string | null
  last_payload_hash: string | null
  last_payload: Record<string, unknown> | null
  last_error_code: string | null
  /** requested_at as PostgreSQL printed it: a newer save during the push changes it. */
  requested_token: string | null
}

export type NewMember = {
  customer_id: string
  smaregi_customer_id: string
  customer_code: string
  linked_existing: boolean
  /** A pending link (an existing Smaregi member found for the customer) waits for an admin: nothing is pushed. */
  link_pending?: boolean
  link_source?: "signup" | "import" | null
  last_error_code?: string | null
  last_error?: string | null
}

export type MemberOutcomeStatus = "synced" | "failed" | "pending" | "withdrawn" | "deleted"

export type MemberOutcomeRecord = {
  id: string
  requested_token: string | null
  status: MemberOutcomeStatus
  /** Set when a row was accepted by Smaregi. */
  pushed?: { hash: string; payload: CustomerRow } | null
  error_code?: string | null
  error?: string | null
  /** For pending: when to try again; null = now. */
  retry_in_ms?: number | null
  /** true: attempts + 1; false: attempts back to 0. */
  count_attempt: boolean
}

export type RecordedMember = {
  id: string
  customer_id: string
  connection_id: string
  status: MemberOutcomeStatus
  customer_code: string
  last_synced_at: string | null
  last_error_code: string | null
  last_error: string | null
}

export type BackfillRow = {
  id: string
  connection_id: string
  status: "running" | "stopped" | "completed" | "failed"
  cursor: string | null
  total: number
  done: number
  failed: number
  skipped: number
}

const CLAIM_COLUMNS = `m.id, m.customer_id, m.smaregi_customer_id, m.customer_code, m.attempts, m.linked_existing,
  m.last_synced_at, m.last_payload_hash, m.last_payload, m.last_error_code, m.requested_at::text AS requested_token`

/** Medusa-shaped ids for a whole batch: generateEntityId reads the random source once per character. */
function newEntityIds(prefix: string, count: number): string[] {
  return Array.from({ length: count }, () => entityId(prefix))
}

const iso = (value: unknown): string | null =>
  value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString()

function toClaimed(row: Record<string, unknown>): ClaimedMember {
  return {
    id: String(row.id),
    customer_id: String(row.customer_id),
    smaregi_customer_id: String(row.smaregi_customer_id),
    customer_code: String(row.customer_code),
    attempts: Number(row.attempts ?? 0),
    linked_existing: row.linked_existing === true,
    last_synced_at: iso(row.last_synced_at),
    last_payload_hash: (row.last_payload_hash as string | null) ?? null,
    last_payload: parseJson(row.last_payload),
    last_error_code: (row.last_error_code as string | null) ?? null,
    requested_token: (row.requested_token as string | null) ?? null,
  }
}

function parseJson(value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined) return null
  if (typeof value === "string") return JSON.parse(value) as Record<string, unknown>
  return value as Record<string, unknown>
}

function toBackfill(row: Record<string, unknown>): BackfillRow {
  return {
    id: String(row.id),
    connection_id: String(row.connection_id),
    status: row.status as BackfillRow["status"],
    cursor: (row.cursor as string | null) ?? null,
    total: Number(row.total ?? 0),
    done: Number(row.done ?? 0),
    failed: Number(row.failed ?? 0),
    skipped: Number(row.skipped ?? 0),
  }
}

export class MemberStore {
  constructor(private readonly smaregi: SmaregiModuleService) {}

  private sql(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    return this.smaregi.executeSql(sql, params)
  }

  /** `count` consecutive new customerIds above the floor, in one atomic UPDATE (never reused, safe across processes). */
  async allocateCustomerIds(connectionId: string, count: number): Promise<number[]> {
    if (count < 1) return []
    const rows = await this.sql(
      `UPDATE smaregi_connection
          SET next_customer_id = ${NEXT_CUSTOMER_ID_SQL} + ?::int
        WHERE id = ? AND deleted_at IS NULL
        RETURNING next_customer_id - ?::int AS first`,
      [count, connectionId, count]
    )
    if (!rows.length) throw new Error(`Smaregi connection ${connectionId} was not found`)
    const first = Number(rows[0].first)
    return Array.from({ length: count }, (_, i) => first + i)
  }

  /** Smaregi's highest customerId as last read for the connection; null when never read. */
  async customerIdFloor(connectionId: string): Promise<number | null> {
    const [row] = await this.sql(`SELECT customer_id_floor FROM smaregi_connection WHERE id = ? AND deleted_at IS NULL`, [connectionId])
    if (!row) throw new Error(`Smaregi connection ${connectionId} was not found`)
    return row.customer_id_floor === null || row.customer_id_floor === undefined ? null : Number(row.customer_id_floor)
  }

  /** Stores a floor just read; it only rises, so an id once seen in use is never allocated. Returns the stored floor. */
  async recordCustomerIdFloor(connectionId: string, floor: number): Promise<number> {
    const [row] = await this.sql(
      `UPDATE smaregi_connection
          SET customer_id_floor = GREATEST(COALESCE(customer_id_floor, 0), ?::int), customer_id_floor_read_at = now()
        WHERE id = ? AND deleted_at IS NULL
        RETURNING customer_id_floor`,
      [floor, connectionId]
    )
    if (!row) throw new Error(`Smaregi connection ${connectionId} was not found`)
    return Number(row.customer_id_floor)
  }

  async membersOf(connectionId: string, customerIds: string[]): Promise<Array<{ id: string; customer_id: string; status: string }>> {
    if (!customerIds.length) return []
    const rows = await this.sql(
      `SELECT id, customer_id, status FROM smaregi_member
        WHERE connection_id = ? AND deleted_at IS NULL
          AND customer_id IN (SELECT jsonb_array_elements_text(?::jsonb))`,
      [connectionId, JSON.stringify(customerIds)]
    )
    return rows.map((r) => ({ id: String(r.id), customer_id: String(r.customer_id), status: String(r.status) }))
  }

  async smaregiIdsInUse(connectionId: string, smaregiCustomerIds: string[]): Promise<Set<string>> {
    if (!smaregiCustomerIds.length) return new Set()
    const rows = await this.sql(
      `SELECT smaregi_customer_id FROM smaregi_member
        WHERE connection_id = ? AND deleted_at IS NULL
          AND smaregi_customer_id IN (SELECT jsonb_array_elements_text(?::jsonb))`,
      [connectionId, JSON.stringify(smaregiCustomerIds)]
    )
    return new Set(rows.map((r) => String(r.smaregi_customer_id)))
  }

  /** Inserts pending members (or pending links); a customer that already has one (a concurrent enqueue) is left alone. */
  async insertPendingMembers(connectionId: string, members: NewMember[], delayMs: number): Promise<Array<{ id: string; customer_id: string; status: string }>> {
    if (!members.length) return []
    const ids = newEntityIds("smmem", members.length)
    const rows = members.map((m, i) => ({ ...m, link_pending: m.link_pending === true, id: ids[i], connection_id: connectionId }))
    const inserted = await this.sql(
      `INSERT INTO smaregi_member (id, connection_id, customer_id, smaregi_customer_id, customer_code, status, linked_existing, link_source,
              last_error_code, last_error, attempts, requested_at, next_attempt_at, created_at, updated_at)
       SELECT x.id, x.connection_id, x.customer_id, x.smaregi_customer_id, x.customer_code,
              CASE WHEN x.link_pending THEN 'link_pending' ELSE 'pending' END, COALESCE(x.linked_existing, false), x.link_source,
              x.last_error_code, x.last_error, 0, CASE WHEN x.link_pending THEN NULL ELSE clock_timestamp() END,
              CASE WHEN x.link_pending THEN NULL ELSE now() + (?::float8 * interval '1 millisecond') END, now(), now()
         FROM jsonb_to_recordset(?::jsonb) AS x(id text, connection_id text, customer_id text, smaregi_customer_id text,
              customer_code text, linked_existing boolean, link_pending boolean, link_source text, last_error_code text, last_error text)
       ON CONFLICT (connection_id, customer_id) WHERE deleted_at IS NULL DO NOTHING
       RETURNING id, customer_id, status`,
      [delayMs, JSON.stringify(rows)]
    )
    return inserted.map((r) => ({ id: String(r.id), customer_id: String(r.customer_id), status: String(r.status) }))
  }

  /**
   * Members of Smaregi members already in Smaregi (the import): recorded as synced without a push, or as pending
   * links. A Smaregi member or customer that already has a record is left alone.
   */
  async insertExistingMembers(
    connectionId: string,
    members: Array<{ customer_id: string; smaregi_customer_id: string; customer_code: string; link_pending: boolean }>
  ): Promise<Array<{ id: string; customer_id: string; smaregi_customer_id: string; status: string }>> {
    if (!members.length) return []
    const ids = newEntityIds("smmem", members.length)
    const rows = members.map((m, i) => ({ ...m, id: ids[i], connection_id: connectionId }))
    const inserted = await this.sql(
      `INSERT INTO smaregi_member (id, connection_id, customer_id, smaregi_customer_id, customer_code, status, linked_existing, link_source,
              attempts, created_at, updated_at)
       SELECT x.id, x.connection_id, x.customer_id, x.smaregi_customer_id, x.customer_code,
              CASE WHEN x.link_pending THEN 'link_pending' ELSE 'synced' END, true, 'import', 0, now(), now()
         FROM jsonb_to_recordset(?::jsonb) AS x(id text, connection_id text, customer_id text, smaregi_customer_id text,
              customer_code text, link_pending boolean)
       ON CONFLICT DO NOTHING
       RETURNING id, customer_id, smaregi_customer_id, status`,
      [JSON.stringify(rows)]
    )
    return inserted.map((r) => ({
      id: String(r.id),
      customer_id: String(r.customer_id),
      smaregi_customer_id: String(r.smaregi_customer_id),
      status: String(r.status),
    }))
  }

  /** Turns a member whose look-up found an existing Smaregi member (after enqueue) into a pending link. */
  async proposeLink(memberId: string, identity: { smaregi_customer_id: string; customer_code: string }, source: "signup" | "import"): Promise<void> {
    await this.sql(
      `UPDATE smaregi_member SET smaregi_customer_id = ?, customer_code = ?, linked_existing = true, link_source = ?, status = 'link_pending',
              next_attempt_at = NULL, requested_at = NULL, last_error_code = NULL, last_error = NULL, attempts = 0, updated_at = now()
        WHERE id = ?`,
      [identity.smaregi_customer_id, identity.customer_code, source, memberId]
    )
  }

  /** Approved links become members due for a normal push now. Returns the members that were pending links. */
  async approveLinks(memberIds: string[]): Promise<Array<{ id: string; connection_id: string; customer_id: string; customer_code: string }>> {
    if (!memberIds.length) return []
    const rows = await this.sql(
      `UPDATE smaregi_member
          SET status = 'pending', linked_existing = true, attempts = 0, last_payload_hash = NULL, last_error_code = NULL, last_error = NULL,
              requested_at = clock_timestamp(), next_attempt_at = now(), updated_at = now()
        WHERE status = 'link_pending' AND deleted_at IS NULL AND id IN (SELECT jsonb_array_elements_text(?::jsonb))
        RETURNING id, connection_id, customer_id, customer_code`,
      [JSON.stringify(memberIds)]
    )
    return rows.map((r) => ({ id: String(r.id), connection_id: String(r.connection_id), customer_id: String(r.customer_id), customer_code: String(r.customer_code) }))
  }

  /** A refused link: the customer becomes a new member with a fresh id and code; the refused Smaregi member is remembered. */
  async rejectLink(memberId: string, identity: { smaregi_customer_id: string; customer_code: string }): Promise<boolean> {
    const rows = await this.sql(
      `UPDATE smaregi_member
          SET link_rejected_smaregi_id = smaregi_customer_id, smaregi_customer_id = ?, customer_code = ?, linked_existing = false,
              link_source = NULL, status = 'pending', attempts = 0, last_payload_hash = NULL, last_error_code = NULL, last_error = NULL,
              requested_at = clock_timestamp(), next_attempt_at = now(), updated_at = now()
        WHERE id = ? AND status = 'link_pending' AND deleted_at IS NULL
        RETURNING id`,
      [identity.smaregi_customer_id, identity.customer_code, memberId]
    )
    return rows.length > 0
  }

  /** A deleted customer's pending links are dropped: the Smaregi member was never touched. */
  async dropLinkProposals(customerId: string): Promise<number> {
    const rows = await this.sql(
      `UPDATE smaregi_member SET deleted_at = now(), updated_at = now()
        WHERE customer_id = ? AND status = 'link_pending' AND deleted_at IS NULL RETURNING id`,
      [customerId]
    )
    return rows.length
  }

  /**
   * Marks existing members pending. A member already waiting keeps its time (the window, a backoff or the lease of
   * a push in flight); a new requested_at tells an in-flight push that a newer state must follow.
   */
  async markPending(
    connectionId: string,
    customerIds: string[],
    options: { delayMs: number; force?: boolean }
  ): Promise<Array<{ id: string; customer_id: string }>> {
    if (!customerIds.length) return []
    const rows = await this.sql(
      `UPDATE smaregi_member
          SET requested_at = clock_timestamp(),
              next_attempt_at = CASE WHEN status = 'pending' AND next_attempt_at IS NOT NULL THEN next_attempt_at
                                     ELSE now() + (?::float8 * interval '1 millisecond') END,
              attempts = CASE WHEN status = 'pending' THEN attempts ELSE 0 END,
              status = 'pending',
              last_payload_hash = CASE WHEN ?::boolean THEN NULL ELSE last_payload_hash END,
              updated_at = now()
        WHERE connection_id = ? AND deleted_at IS NULL AND status NOT IN ('withdrawn', 'deleted', 'link_pending')
          AND customer_id IN (SELECT jsonb_array_elements_text(?::jsonb))
        RETURNING id, customer_id`,
      [options.delayMs, options.force === true, connectionId, JSON.stringify(customerIds)]
    )
    return rows.map((r) => ({ id: String(r.id), customer_id: String(r.customer_id) }))
  }

  /** Due pending members (optionally only `memberIds`), hidden from other pushers for `leaseMs`. */
  async claimDue(connectionId: string, options: { limit: number; leaseMs: number; memberIds?: string[] }): Promise<ClaimedMember[]> {
    const onlyIds = options.memberIds !== undefined
    if (onlyIds && options.memberIds!.length === 0) return []
    const rows = await this.sql(
      `UPDATE smaregi_member m
          SET next_attempt_at = now() + (?::float8 * interval '1 millisecond'), updated_at = now()
        WHERE m.id IN (
          SELECT id FROM smaregi_member
           WHERE connection_id = ? AND status = 'pending' AND deleted_at IS NULL AND next_attempt_at <= now()
             ${onlyIds ? "AND id IN (SELECT jsonb_array_elements_text(?::jsonb))" : ""}
           ORDER BY next_attempt_at, id
           LIMIT ?::int
           FOR UPDATE SKIP LOCKED)
        RETURNING ${CLAIM_COLUMNS}`,
      onlyIds
        ? [options.leaseMs, connectionId, JSON.stringify(options.memberIds), options.limit]
        : [options.leaseMs, connectionId, options.limit]
    )
    return rows.map(toClaimed)
  }

  /** Gives claimed members back (due now) after an unexpected failure of the push itself. */
  async release(memberIds: string[]): Promise<void> {
    if (!memberIds.length) return
    await this.sql(
      `UPDATE smaregi_member SET next_attempt_at = now(), updated_at = now()
        WHERE status = 'pending' AND id IN (SELECT jsonb_array_elements_text(?::jsonb))`,
      [JSON.stringify(memberIds)]
    )
  }

  async relink(memberId: string, identity: { smaregi_customer_id: string; customer_code: string; linked_existing: boolean }): Promise<void> {
    await this.sql(
      `UPDATE smaregi_member SET smaregi_customer_id = ?, customer_code = ?, linked_existing = ?::boolean,
              last_error_code = NULL, last_error = NULL, updated_at = now()
        WHERE id = ?`,
      [identity.smaregi_customer_id, identity.customer_code, identity.linked_existing, memberId]
    )
  }

  /**
   * Writes push outcomes in one statement. If the customer was saved again while the push was in flight
   * (requested_at moved), a synced/failed outcome becomes pending-now so the newer state is pushed next.
   */
  async recordOutcomes(outcomes: MemberOutcomeRecord[]): Promise<RecordedMember[]> {
    if (!outcomes.length) return []
    const rows = outcomes.map((o) => ({
      id: o.id,
      token: o.requested_token,
      status: o.status,
      hash: o.pushed?.hash ?? null,
      payload: o.pushed?.payload ?? null,
      error_code: o.error_code ?? null,
      error: o.error ?? null,
      retry_in_ms: o.status === "pending" ? o.retry_in_ms ?? 0 : null,
      count_attempt: o.count_attempt,
    }))
    const recorded = await this.sql(
      `UPDATE smaregi_member m
          SET status = CASE WHEN x.status IN ('synced', 'failed') AND m.requested_at IS DISTINCT FROM x.token::timestamptz
                            THEN 'pending' ELSE x.status END,
              next_attempt_at = CASE
                WHEN x.status IN ('synced', 'failed') AND m.requested_at IS DISTINCT FROM x.token::timestamptz THEN now()
                WHEN x.status = 'pending' THEN now() + (x.retry_in_ms * interval '1 millisecond')
                ELSE NULL END,
              attempts = CASE WHEN x.count_attempt THEN m.attempts + 1 ELSE 0 END,
              last_error_code = x.error_code,
              last_error = x.error,
              last_synced_at = CASE WHEN x.hash IS NOT NULL OR x.status IN ('withdrawn', 'deleted') THEN now() ELSE m.last_synced_at END,
              last_payload_hash = COALESCE(x.hash, m.last_payload_hash),
              last_payload = COALESCE(x.payload, m.last_payload),
              updated_at = now()
         FROM jsonb_to_recordset(?::jsonb) AS x(id text, token text, status text, hash text, payload jsonb, error_code text,
              error text, retry_in_ms bigint, count_attempt boolean)
        WHERE m.id = x.id
        RETURNING m.id, m.customer_id, m.connection_id, m.status, m.customer_code, m.last_synced_at, m.last_error_code, m.last_error`,
      [JSON.stringify(rows)]
    )
    return recorded.map((r) => ({
      id: String(r.id),
      customer_id: String(r.customer_id),
      connection_id: String(r.connection_id),
      status: r.status as MemberOutcomeStatus,
      customer_code: String(r.customer_code),
      last_synced_at: iso(r.last_synced_at),
      last_error_code: (r.last_error_code as string | null) ?? null,
      last_error: (r.last_error as string | null) ?? null,
    }))
  }

  /** Milliseconds (by the database clock) until the earliest pending member of the connection is due, or null. */
  async nextDueInMs(connectionId: string): Promise<number | null> {
    const [row] = await this.sql(
      `SELECT EXTRACT(EPOCH FROM (min(next_attempt_at) - now())) * 1000 AS ms FROM smaregi_member
        WHERE connection_id = ? AND status = 'pending' AND deleted_at IS NULL AND next_attempt_at IS NOT NULL`,
      [connectionId]
    )
    return row?.ms === null || row?.ms === undefined ? null : Math.max(0, Math.ceil(Number(row.ms)))
  }

  /** Customers whose last pushed row carried a rank: the only ones a group removal can affect. */
  async rankedCustomerIds(connectionId: string): Promise<string[]> {
    const rows = await this.sql(
      `SELECT customer_id FROM smaregi_member
        WHERE connection_id = ? AND deleted_at IS NULL AND status NOT IN ('withdrawn', 'deleted')
          AND last_payload->>'rank' IS NOT NULL`,
      [connectionId]
    )
    return rows.map((r) => String(r.customer_id))
  }

  /** Claims a running backfill for one more batch (its heartbeat); null when stopped, finished or missing. */
  async heartbeatBackfill(id: string): Promise<BackfillRow | null> {
    const [row] = await this.sql(
      `UPDATE smaregi_backfill SET updated_at = now()
        WHERE id = ? AND status = 'running' AND deleted_at IS NULL
        RETURNING id, connection_id, status, cursor, total, done, failed, skipped`,
      [id]
    )
    return row ? toBackfill(row) : null
  }

  /** Running backfills whose runner went silent (a crashed or restarted process), claimed atomically. */
  async claimStaleBackfills(staleMs: number): Promise<string[]> {
    const rows = await this.sql(
      `UPDATE smaregi_backfill SET updated_at = now()
        WHERE status = 'running' AND deleted_at IS NULL AND updated_at < now() - (?::float8 * interval '1 millisecond')
        RETURNING id`,
      [staleMs]
    )
    return rows.map((r) => String(r.id))
  }

  async advanceBackfill(
    id: string,
    progress: { cursor: string; done: number; failed: number; skipped: number; lastError: string | null }
  ): Promise<void> {
    await this.sql(
      `UPDATE smaregi_backfill
          SET cursor = ?, done = done + ?::int, failed = failed + ?::int, skipped = skipped + ?::int, last_error = ?, updated_at = now()
        WHERE id = ?`,
      [progress.cursor, progress.done, progress.failed, progress.skipped, progress.lastError, id]
    )
  }

  async noteBackfillError(id: string, message: string): Promise<void> {
    await this.sql(`UPDATE smaregi_backfill SET last_error = ?, updated_at = now() WHERE id = ?`, [message, id])
  }

  /** Completes a running backfill; the total becomes what was actually processed. */
  async completeBackfill(id: string): Promise<void> {
    await this.sql(
      `UPDATE smaregi_backfill SET status = 'completed', total = done + failed + skipped, finished_at = now(), updated_at = now()
        WHERE id = ? AND status = 'running'`,
      [id]
    )
  }
}
