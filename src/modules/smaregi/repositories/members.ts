import type { ClaimedMember, MemberOutcomeRecord, MemberOutcomeStatus, NewMember, RecordedMember } from "./member-types"
import { type Sql, iso, newEntityIds, parseJson } from "./sql"

// Atomic SQL over smaregi_member: claims, races between a sync in flight and a new save, and bulk updates that
// the generated CRUD cannot express.

const CLAIM_COLUMNS = `m.id, m.customer_id, m.smaregi_customer_id, m.customer_code, m.attempts, m.linked_existing,
  m.last_synced_at, m.last_payload_hash, m.last_payload, m.last_error_code, m.requested_at::text AS requested_token,
  m.point_web_total_sent`

function toClaimed(row: Record<string, unknown>): ClaimedMember {
  return {
    id: String(row.id),
    customer_id: String(row.customer_id),
    smaregi_customer_id: row.smaregi_customer_id === null || row.smaregi_customer_id === undefined ? null : String(row.smaregi_customer_id),
    customer_code: String(row.customer_code),
    attempts: Number(row.attempts ?? 0),
    linked_existing: row.linked_existing === true,
    last_synced_at: iso(row.last_synced_at),
    last_payload_hash: (row.last_payload_hash as string | null) ?? null,
    last_payload: parseJson(row.last_payload),
    last_error_code: (row.last_error_code as string | null) ?? null,
    requested_token: (row.requested_token as string | null) ?? null,
    point_web_total_sent: row.point_web_total_sent === null || row.point_web_total_sent === undefined ? null : Number(row.point_web_total_sent),
  }
}

export type SmaregiSideMember = {
  id: string
  customer_id: string
  smaregi_customer_id: string
  customer_code: string
  status: string
  last_payload: Record<string, unknown> | null
}

export type MemberCard = { customer_code: string; status: string; last_synced_at: Date | string | null; linked_existing: boolean }

export type MemberStats = {
  pending: number
  synced: number
  failed: number
  last_synced_at: Date | null
  oldest_pending_at: Date | null
}

export class MemberRecords {
  constructor(private readonly sql: Sql) {}

  /**
   * Refreshes PostgreSQL's statistics of the member table. After a bulk insert into a table last analyzed when
   * (nearly) empty, the planner looks members up by scanning the connection's every member until autovacuum
   * analyzes it, up to a minute later. Only an optimisation: a role that may not analyze it just gets a warning.
   */
  async refreshStatistics(): Promise<void> {
    await this.sql("ANALYZE smaregi_member")
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
   * Marks existing members pending. A member already waiting keeps its time (the window, a backoff or the lease of
   * a sync in flight); a new requested_at tells an in-flight sync that a newer state must follow.
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

  /** Due pending members (optionally only `memberIds`), hidden from other syncs for `leaseMs`. */
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

  /** Gives claimed members back (due now) after an unexpected failure of the sync itself. */
  async release(memberIds: string[]): Promise<void> {
    if (!memberIds.length) return
    await this.sql(
      `UPDATE smaregi_member SET next_attempt_at = now(), updated_at = now()
        WHERE status = 'pending' AND id IN (SELECT jsonb_array_elements_text(?::jsonb))`,
      [JSON.stringify(memberIds)]
    )
  }

  async relink(memberId: string, identity: { smaregi_customer_id: string | null; customer_code: string; linked_existing: boolean }): Promise<void> {
    await this.sql(
      `UPDATE smaregi_member SET smaregi_customer_id = ?, customer_code = ?, linked_existing = ?::boolean, point_web_total_sent = NULL,
              last_error_code = NULL, last_error = NULL, updated_at = now()
        WHERE id = ?`,
      [identity.smaregi_customer_id, identity.customer_code, identity.linked_existing, memberId]
    )
  }

  /**
   * Writes sync outcomes in one statement. If the customer was saved again while the sync was in flight
   * (requested_at moved), a synced/failed outcome becomes pending-now so the newer state is synced next.
   */
  async recordOutcomes(outcomes: MemberOutcomeRecord[]): Promise<RecordedMember[]> {
    if (!outcomes.length) return []
    const rows = outcomes.map((o) => ({
      id: o.id,
      token: o.requested_token,
      status: o.status,
      hash: o.written?.hash ?? null,
      payload: o.written?.payload ?? null,
      error_code: o.error_code ?? null,
      error: o.error ?? null,
      retry_in_ms: o.status === "pending" ? o.retry_in_ms ?? 0 : null,
      count_attempt: o.count_attempt,
      smaregi_customer_id: o.smaregi_customer_id ?? null,
      point_web_total: o.point_web_total ?? null,
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
              smaregi_customer_id = COALESCE(x.smaregi_customer_id, m.smaregi_customer_id),
              point_web_total_sent = COALESCE(x.point_web_total, m.point_web_total_sent),
              updated_at = now()
         FROM jsonb_to_recordset(?::jsonb) AS x(id text, token text, status text, hash text, payload jsonb, error_code text,
              error text, retry_in_ms bigint, count_attempt boolean, smaregi_customer_id text, point_web_total integer)
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

  /** The connection's members (not pending links) holding these Smaregi customerIds. */
  async bySmaregiIds(connectionId: string, smaregiCustomerIds: string[]): Promise<SmaregiSideMember[]> {
    if (!smaregiCustomerIds.length) return []
    const rows = await this.sql(
      `SELECT id, customer_id, smaregi_customer_id, customer_code, status, last_payload FROM smaregi_member
        WHERE connection_id = ? AND deleted_at IS NULL AND status <> 'link_pending'
          AND smaregi_customer_id IN (SELECT jsonb_array_elements_text(?::jsonb))`,
      [connectionId, JSON.stringify(smaregiCustomerIds)]
    )
    return rows.map((r) => ({
      id: String(r.id),
      customer_id: String(r.customer_id),
      smaregi_customer_id: String(r.smaregi_customer_id),
      customer_code: String(r.customer_code),
      status: String(r.status),
      last_payload: parseJson(r.last_payload),
    }))
  }

  /**
   * Takes what Smaregi holds now (a member edited at the register): the code and the last payload, whose hash makes
   * the next unchanged row of ours count as sent. A new code moves requested_at, so a sync in flight (claimed with
   * the old code) is not recorded as the state sent but followed by a sync of this one. false when another member
   * of the connection already has the code.
   */
  async followSmaregi(memberId: string, state: { customer_code: string; last_payload: Record<string, unknown>; last_payload_hash: string }): Promise<boolean> {
    const rows = await this.sql(
      `UPDATE smaregi_member m SET customer_code = ?, last_payload = ?::jsonb, last_payload_hash = ?, updated_at = now(),
              requested_at = CASE WHEN m.customer_code IS DISTINCT FROM ? THEN clock_timestamp() ELSE m.requested_at END
        WHERE m.id = ? AND NOT EXISTS (
          SELECT 1 FROM smaregi_member o WHERE o.connection_id = m.connection_id AND o.customer_code = ? AND o.id <> m.id AND o.deleted_at IS NULL)
        RETURNING m.id`,
      [state.customer_code, JSON.stringify(state.last_payload), state.last_payload_hash, state.customer_code, memberId, state.customer_code]
    )
    return rows.length > 0
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

  /** Customers whose last sent row carried a rank: the only ones a group removal can affect. */
  async rankedCustomerIds(connectionId: string): Promise<string[]> {
    const rows = await this.sql(
      `SELECT customer_id FROM smaregi_member
        WHERE connection_id = ? AND deleted_at IS NULL AND status NOT IN ('withdrawn', 'deleted')
          AND last_payload->>'rank' IS NOT NULL`,
      [connectionId]
    )
    return rows.map((r) => String(r.customer_id))
  }

  /** Pending members held by a sync in flight: claimed for `leaseMs` and not yet recorded (tests wait on it). */
  async claimed(leaseMs: number): Promise<number> {
    const [row] = await this.sql(
      `SELECT count(*)::int AS n FROM smaregi_member
        WHERE status = 'pending' AND deleted_at IS NULL AND next_attempt_at > now()
          AND next_attempt_at >= updated_at + (?::float8 * interval '1 millisecond')`,
      [Math.max(0, leaseMs - 1000)]
    )
    return Number(row?.n ?? 0)
  }

  /** A customer's member records, newest first (the barcode route picks the scannable code). */
  async cardsOf(customerId: string): Promise<MemberCard[]> {
    return (await this.sql(
      `SELECT customer_code, status, last_synced_at, linked_existing FROM smaregi_member
        WHERE customer_id = ? AND deleted_at IS NULL ORDER BY created_at DESC`,
      [customerId]
    )) as MemberCard[]
  }

  /** Members per status, the last successful sync and the oldest pending request (one connection or all). */
  async stats(connectionId?: string): Promise<MemberStats> {
    const [row] = await this.sql(
      `SELECT count(*) FILTER (WHERE status = 'pending') AS pending,
              count(*) FILTER (WHERE status = 'synced') AS synced,
              count(*) FILTER (WHERE status = 'failed') AS failed,
              max(last_synced_at) AS last_synced_at,
              min(requested_at) FILTER (WHERE status = 'pending') AS oldest_pending_at
         FROM smaregi_member WHERE deleted_at IS NULL ${connectionId ? "AND connection_id = ?" : ""}`,
      connectionId ? [connectionId] : []
    )
    const n = (v: unknown) => Number(v ?? 0)
    return {
      pending: n(row?.pending),
      synced: n(row?.synced),
      failed: n(row?.failed),
      last_synced_at: (row?.last_synced_at as Date | null) ?? null,
      oldest_pending_at: (row?.oldest_pending_at as Date | null) ?? null,
    }
  }
}
