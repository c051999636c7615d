import { generateEntityId } from "@medusajs/framework/utils"
import type { Sql } from "./sql"

export async function lockAccounts(sql: Sql, customerIds: string[]): Promise<void> {
  // Sorted so two transactions touching the same customers always lock in the same order.
  for (const customer_id of [...new Set(customerIds)].sort()) {
    await sql.execute(
      `INSERT INTO points_account (id, customer_id, balance, created_at, updated_at) VALUES (?, ?, 0, now(), now())
         ON CONFLICT (customer_id) DO NOTHING`,
      [generateEntityId(undefined, "ptacc"), customer_id]
    )
    await sql.execute(`SELECT id FROM points_account WHERE customer_id = ? FOR UPDATE`, [customer_id])
  }
}

export async function setAccountBalance(sql: Sql, customer_id: string, balance: number): Promise<void> {
  await sql.execute(`UPDATE points_account SET balance = ?, updated_at = now() WHERE customer_id = ?`, [balance, customer_id])
}
