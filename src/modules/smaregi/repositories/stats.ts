import type { Sql } from "./sql"

const DONE = "'imported','updated','canceled'"

export type SalesStats = {
  connection_id: string | null
  time_zone: string
  today_start: unknown
  received_today: number
  imported_today: number
  failed_today: number
  skipped_today: number
  malformed_today: number
  pending: number
  failed: number
  needs_attention: number
  last_push_at: unknown
  oldest_pending: { id: unknown; connection_id: unknown; transaction_head_id: unknown; received_at: unknown } | null
}

/** The sales dashboard's figures. */
export class SalesStatsRecords {
  constructor(private readonly sql: Sql) {}

  /** The dashboard card: today's received / imported / failed in `tz`, what is still pending, the last push. */
  async salesStats(connectionId: string | null | undefined, tz: string): Promise<SalesStats> {
    const scope = connectionId ? "AND connection_id = ?" : ""
    const scoped = (params: unknown[]) => (connectionId ? [...params, connectionId] : params)

    const [counts] = await this.sql(
      `WITH day AS (SELECT date_trunc('day', now() AT TIME ZONE ?) AT TIME ZONE ? AS start),
       tx AS (
         SELECT count(*) FILTER (WHERE t.created_at >= day.start) AS received_today,
                count(*) FILTER (WHERE t.status IN (${DONE}) AND COALESCE(t.processed_at, t.updated_at) >= day.start) AS imported_today,
                count(*) FILTER (WHERE t.status = 'failed' AND t.updated_at >= day.start) AS failed_today,
                count(*) FILTER (WHERE t.status = 'skipped' AND t.updated_at >= day.start) AS skipped_today,
                count(*) FILTER (WHERE t.status = 'received') AS pending,
                count(*) FILTER (WHERE t.status = 'failed') AS failed,
                count(*) FILTER (WHERE t.status = 'needs_attention') AS needs_attention
           FROM smaregi_transaction t, day WHERE t.deleted_at IS NULL ${scope}
       ),
       req AS (
         SELECT max(r.created_at) AS last_push_at,
                count(*) FILTER (WHERE r.outcome = 'malformed' AND r.created_at >= day.start) AS malformed_today
           FROM smaregi_request r, day WHERE r.deleted_at IS NULL ${scope}
       )
       SELECT day.start AS today_start, tx.*, req.* FROM day, tx, req`,
      [tz, tz, ...scoped([]), ...scoped([])]
    )
    const [oldest] = await this.sql(
      `SELECT id, connection_id, transaction_head_id, created_at FROM smaregi_transaction
        WHERE deleted_at IS NULL AND status = 'received' ${scope}
        ORDER BY created_at ASC, id ASC LIMIT 1`,
      scoped([])
    )

    const n = (v: unknown) => Number(v ?? 0)
    return {
      connection_id: connectionId ?? null,
      time_zone: tz,
      today_start: counts!.today_start,
      received_today: n(counts!.received_today),
      imported_today: n(counts!.imported_today),
      failed_today: n(counts!.failed_today),
      skipped_today: n(counts!.skipped_today),
      malformed_today: n(counts!.malformed_today),
      pending: n(counts!.pending),
      failed: n(counts!.failed),
      needs_attention: n(counts!.needs_attention),
      last_push_at: counts!.last_push_at ?? null,
      oldest_pending: oldest
        ? { id: oldest.id, connection_id: oldest.connection_id, transaction_head_id: oldest.transaction_head_id, received_at: oldest.created_at }
        : null,
    }
  }
}
