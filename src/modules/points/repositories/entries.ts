import { generateEntityId } from "@medusajs/framework/utils"
import type { MovementInput, PointsEntryRow } from "../types"
import { toEntry } from "../utils/entry-row"
import type { Row, Sql } from "./sql"

/** Null when an entry with this source key exists. */
export async function insertEntry(sql: Sql, m: MovementInput, remaining = 0): Promise<PointsEntryRow | null> {
  const rows = await sql.execute(
    `INSERT INTO points_entry
         (id, customer_id, source_key, source, kind, amount, remaining, reason, actor, expires_at, version, metadata, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, clock_timestamp(), clock_timestamp())
       ON CONFLICT (source_key) DO NOTHING
       RETURNING *`,
    [
      generateEntityId(undefined, "ptent"),
      m.customer_id,
      m.source_key,
      m.source ?? null,
      m.kind,
      m.amount,
      remaining,
      m.reason,
      m.actor,
      m.expires_at ? new Date(m.expires_at) : null,
      m.version ?? null,
      m.metadata ? JSON.stringify(m.metadata) : null,
    ]
  )
  return rows[0] ? toEntry(rows[0]) : null
}

export async function sourceKeyExists(sql: Sql, source_key: string, customer_id?: string): Promise<boolean> {
  const [row] =
    customer_id === undefined
      ? await sql.execute(`SELECT id FROM points_entry WHERE source_key = ?`, [source_key])
      : await sql.execute(`SELECT id FROM points_entry WHERE source_key = ? AND customer_id = ?`, [source_key, customer_id])
  return !!row
}

export async function existingSourceKeys(sql: Sql, keys: string[]): Promise<Set<string>> {
  const rows = await sql.execute(
    `SELECT source_key FROM points_entry WHERE source_key IN (SELECT jsonb_array_elements_text(?::jsonb)) AND deleted_at IS NULL`,
    [JSON.stringify(keys)]
  )
  return new Set(rows.map((r) => String(r.source_key)))
}

export async function ledgerBalance(sql: Sql, customer_id: string): Promise<number> {
  const [row] = await sql.execute(
    `SELECT COALESCE(SUM(amount), 0) AS balance FROM points_entry WHERE customer_id = ? AND deleted_at IS NULL`,
    [customer_id]
  )
  return Number(row.balance)
}

/** Unconsumed grants of a customer, for the FIFO plan. */
export function openGrants(sql: Sql, customer_id: string): Promise<Row[]> {
  return sql.execute(
    `SELECT id, remaining, expires_at, created_at, source, kind FROM points_entry
          WHERE customer_id = ? AND remaining > 0 AND deleted_at IS NULL`,
    [customer_id]
  )
}

/** Serialises every change to one source's points. */
export async function lockSource(sql: Sql, source: string): Promise<void> {
  await sql.execute(`SELECT pg_advisory_xact_lock(hashtext(?))`, [`points:source:${source}`])
}

export async function sourceVersions(sql: Sql, source: string): Promise<string[]> {
  const rows = await sql.execute(
    `SELECT DISTINCT version FROM points_entry WHERE source = ? AND version IS NOT NULL AND deleted_at IS NULL`,
    [source]
  )
  return rows.map((v) => String(v.version))
}

/** Net points a source moved, per customer and kind. */
export function sourceNets(sql: Sql, source: string): Promise<Row[]> {
  return sql.execute(
    `SELECT customer_id, kind, SUM(amount) AS net FROM points_entry
        WHERE source = ? AND deleted_at IS NULL GROUP BY customer_id, kind`,
    [source]
  )
}
