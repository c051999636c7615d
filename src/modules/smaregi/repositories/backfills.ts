import type { Sql } from "./sql"

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

/** Backfill progress and its lease (SQL over smaregi_backfill). */
export class BackfillRecords {
  constructor(private readonly sql: Sql) {}

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
