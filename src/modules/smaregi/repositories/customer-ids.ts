import type { Sql } from "./sql"

/** The first id still free to allocate on a smaregi_connection row (SQL over its own columns). */
export const NEXT_CUSTOMER_ID_SQL = `GREATEST(COALESCE(next_customer_id, 1), COALESCE((settings->>'customerIdStart')::int, 1), COALESCE(customer_id_floor, 0) + 1)`

/** Smaregi customerIds of a connection: allocation above the floor, and the floor itself (OUT-11). */
export class CustomerIdRecords {
  constructor(private readonly sql: Sql) {}

  // Process-local on purpose: a process that did not look itself simply checks before its first write.
  private readonly shownUnused = new Map<string, { from: number; through: number; at: number }>()

  /** Notes that customer_ref, sent at `at` (ms), found no Smaregi member with an id in [from, through]. */
  noteIdsUnused(connectionId: string, from: number, through: number, at: number): void {
    this.shownUnused.set(connectionId, { from, through, at })
  }

  private readonly looking = new Map<string, Promise<void>>()

  /** Runs `look` as the connection's look in flight, which a check starting meanwhile waits for (lookAnswered). */
  async look<T>(connectionId: string, look: () => Promise<T>): Promise<T> {
    const running = look()
    const answered = running.then(
      () => undefined,
      () => undefined
    )
    this.looking.set(connectionId, answered)
    try {
      return await running
    } finally {
      if (this.looking.get(connectionId) === answered) this.looking.delete(connectionId)
    }
  }

  /** Resolves once the connection's look in flight in this process, if any, has answered (or failed). */
  async lookAnswered(connectionId: string): Promise<void> {
    await this.looking.get(connectionId)
  }

  /** Whether one look sent at most `maxAgeMs` ago found every one of these ids unused. */
  idsShownUnused(connectionId: string, ids: readonly number[], maxAgeMs: number, now = Date.now()): boolean {
    const look = this.shownUnused.get(connectionId)
    if (!look || !ids.length || maxAgeMs <= 0 || now - look.at > maxAgeMs) return false
    return ids.every((id) => id >= look.from && id <= look.through)
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
}
