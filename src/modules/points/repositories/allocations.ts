import { generateEntityId } from "@medusajs/framework/utils"
import type { Row, Sql } from "./sql"

/** Records that `entry_id` took `amount` from `grant_id` (a negative amount gives it back). */
export async function allocate(sql: Sql, customer_id: string, entry_id: string, grant_id: string, amount: number): Promise<void> {
  await sql.execute(
    `INSERT INTO points_allocation (id, customer_id, entry_id, grant_id, amount, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, now(), now())`,
    [generateEntityId(undefined, "ptalc"), customer_id, entry_id, grant_id, amount]
  )
  await sql.execute(`UPDATE points_entry SET remaining = remaining - ?, updated_at = now() WHERE id = ?`, [amount, grant_id])
}

/** The grants a source's movements of `kind` still hold for the customer, with what they took. */
export function consumedBySource(sql: Sql, source: string, kind: string, customer_id: string): Promise<Row[]> {
  return sql.execute(
    `SELECT a.grant_id, SUM(a.amount) AS net, g.expires_at, g.created_at
           FROM points_allocation a
           JOIN points_entry e ON e.id = a.entry_id
           JOIN points_entry g ON g.id = a.grant_id
          WHERE e.source = ? AND e.kind = ? AND a.customer_id = ? AND a.deleted_at IS NULL
          GROUP BY a.grant_id, g.expires_at, g.created_at
         HAVING SUM(a.amount) > 0`,
    [source, kind, customer_id]
  )
}
