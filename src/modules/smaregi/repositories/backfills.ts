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

  /** Takes the lease of a running backfill for `leaseMs` (free, expired or already this owner's); null otherwise. */
  async acquireLease(id: string, owner: string, leaseMs: number): Promise<BackfillRow | null> {
    const [row] = await this.sql(
      `UPDATE smaregi_backfill SET lease_owner = ?, lease_until = now() + (?::float8 * interval '1 millisecond'), updated_at = now()
        WHERE id = ? AND status = 'running' AND deleted_at IS NULL
          AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < now())
        RETURNING id, connection_id, status, cursor, total, done, failed, skipped`,
      [owner, leaseMs, id, owner]
    )
    return row ? toBackfill(row) : null
  }

  /** Gives the lease up (the runner stopped, paused or finished). */
  async releaseLease(id: string, owner: string): Promise<void> {
    await this.sql(`UPDATE smaregi_backfill SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?`, [id, owner])
  }

  /** Running backfills nobody holds whose runner went silent (a crash, a restart, a pause while Smaregi was down). */
  async listStale(staleMs: number): Promise<string[]> {
    const rows = await this.sql(
      `SELECT id FROM smaregi_backfill
        WHERE status = 'running' AND deleted_at IS NULL AND (lease_until IS NULL OR lease_until < now())
          AND updated_at < now() - (?::float8 * interval '1 millisecond')`,
      [staleMs]
    )
    return rows.map((r) => String(r.id))
  }

  /** Backfills whose lease is held now (tests wait on it). */
  async leased(): Promise<number> {
    const [row] = await this.sql(`SELECT count(*)::int AS n FROM smaregi_backfill WHERE lease_owner IS NOT NULL AND lease_until > now()`)
    return Number(row?.n ?? 0)
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
