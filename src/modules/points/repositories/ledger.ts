import type { PointsBalance, PointsEntryRow } from "../types"
import { toEntry } from "../utils/entry-row"
import type { Row, Sql } from "./sql"

/** Balance = sum of the ledger; nearest expiry = earliest expiry among unconsumed grants. */
export async function readBalance(sql: Sql, customer_id: string): Promise<PointsBalance> {
  const [row] = await sql.execute(
    `SELECT
         (SELECT COALESCE(SUM(amount), 0) FROM points_entry WHERE customer_id = ? AND deleted_at IS NULL) AS balance,
         n.expires_at AS nearest_expiry,
         COALESCE(n.points, 0) AS nearest_expiry_points
       FROM (SELECT 1) one
       LEFT JOIN LATERAL (
         SELECT expires_at, SUM(remaining) AS points FROM points_entry
          WHERE customer_id = ? AND remaining > 0 AND expires_at IS NOT NULL AND deleted_at IS NULL
          GROUP BY expires_at ORDER BY expires_at ASC LIMIT 1
       ) n ON true`,
    [customer_id, customer_id]
  )
  return {
    balance: Number(row.balance),
    nearest_expiry: row.nearest_expiry ? new Date(row.nearest_expiry as string).toISOString() : null,
    nearest_expiry_points: Number(row.nearest_expiry_points),
  }
}

/** Newest first. */
export async function listEntries(
  sql: Sql,
  customer_id: string,
  limit: number,
  offset: number
): Promise<{ entries: PointsEntryRow[]; count: number }> {
  const rows = await sql.execute(
    `SELECT * FROM points_entry WHERE customer_id = ? AND deleted_at IS NULL
        ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
    [customer_id, limit, offset]
  )
  const [c] = await sql.execute(`SELECT COUNT(*) AS n FROM points_entry WHERE customer_id = ? AND deleted_at IS NULL`, [
    customer_id,
  ])
  return { entries: rows.map(toEntry), count: Number(c.n) }
}

/** Customers holding unconsumed points whose expiry is at or before `now`. */
export async function customersWithDuePoints(sql: Sql, now: Date): Promise<string[]> {
  const rows = await sql.execute(
    `SELECT DISTINCT customer_id FROM points_entry
        WHERE remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ? AND deleted_at IS NULL ORDER BY customer_id`,
    [now]
  )
  return rows.map((r) => String(r.customer_id))
}

/** A customer's unconsumed grants expired at `now`, oldest expiry first. */
export function dueGrants(sql: Sql, customer_id: string, now: Date): Promise<Row[]> {
  return sql.execute(
    `SELECT id, remaining, expires_at FROM points_entry
        WHERE customer_id = ? AND remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ? AND deleted_at IS NULL
        ORDER BY expires_at, id`,
    [customer_id, now]
  )
}

/** How many expiry entries a source already has (expiring again on the same day gets a `#n` key). */
export async function countExpiries(sql: Sql, source: string): Promise<number> {
  const [prior] = await sql.execute(`SELECT COUNT(*) AS n FROM points_entry WHERE source = ? AND kind = 'expiry'`, [source])
  return Number(prior.n)
}

/**
 * Per customer, the sum of the movements Smaregi does not know of itself: everything but register sales
 * (`smaregi:` sources) and balances opened from Smaregi. A change of this total is what a relative point add sends.
 */
export async function offRegisterTotals(sql: Sql, customer_ids: string[]): Promise<Map<string, number>> {
  const totals = new Map(customer_ids.map((id) => [id, 0]))
  if (!customer_ids.length) return totals
  const rows = await sql.execute(
    `SELECT customer_id, COALESCE(SUM(amount), 0) AS total FROM points_entry
        WHERE customer_id IN (SELECT jsonb_array_elements_text(?::jsonb)) AND deleted_at IS NULL
          AND kind <> 'opening_balance' AND (source IS NULL OR source NOT LIKE 'smaregi:%')
        GROUP BY customer_id`,
    [JSON.stringify(customer_ids)]
  )
  for (const r of rows) totals.set(String(r.customer_id), Number(r.total))
  return totals
}
