import type { Sql } from "./sql"

/**
 * One delayed smaregi.member.sync_due event per connection and window: a request emits the event only when it
 * wants the connection synced sooner than the wake already scheduled (or that wake looks lost).
 */
export class MemberSyncWakes {
  constructor(private readonly sql: Sql) {}

  /** Moves the connection's wake to `delayMs` from now if that is sooner; true when the caller must emit the event. */
  async schedule(connectionId: string, delayMs: number, lostAfterMs: number): Promise<boolean> {
    const rows = await this.sql(
      `UPDATE smaregi_connection SET member_sync_wake_at = now() + (?::float8 * interval '1 millisecond')
        WHERE id = ? AND deleted_at IS NULL
          AND (member_sync_wake_at IS NULL
               OR member_sync_wake_at > now() + (?::float8 * interval '1 millisecond')
               OR member_sync_wake_at < now() - (?::float8 * interval '1 millisecond'))
        RETURNING id`,
      [delayMs, connectionId, delayMs, lostAfterMs]
    )
    return rows.length > 0
  }

  /** A run has started: a wake already due is served by it, so the next request schedules a new one. */
  async take(connectionId: string): Promise<void> {
    await this.sql(
      `UPDATE smaregi_connection SET member_sync_wake_at = NULL
        WHERE id = ? AND member_sync_wake_at <= now() + interval '50 milliseconds'`,
      [connectionId]
    )
  }

  /** Connections with a wake due within `horizonMs` (tests wait on it). */
  async dueWithin(horizonMs: number): Promise<number> {
    const [row] = await this.sql(
      `SELECT count(*)::int AS n FROM smaregi_connection
        WHERE deleted_at IS NULL AND member_sync_wake_at IS NOT NULL
          AND member_sync_wake_at <= now() + (?::float8 * interval '1 millisecond')`,
      [horizonMs]
    )
    return Number(row?.n ?? 0)
  }
}
