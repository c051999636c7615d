import type { Sql } from "./sql"

/** Member import runs (SQL over smaregi_member_import). */
export class MemberImportRecords {
  constructor(private readonly sql: Sql) {}

  /** Running imports nobody has written to for `staleMs` (a restart, an outage), claimed atomically. */
  async claimStale(staleMs: number): Promise<string[]> {
    const rows = await this.sql(
      `UPDATE smaregi_member_import SET updated_at = now()
        WHERE status = 'running' AND deleted_at IS NULL AND updated_at < now() - (?::float8 * interval '1 millisecond')
        RETURNING id`,
      [staleMs]
    )
    return rows.map((r) => String(r.id))
  }
}
