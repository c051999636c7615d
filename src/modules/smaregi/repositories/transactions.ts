import { entityId } from "../../../smaregi/ids"
import type { TransactionPointsDrift, TransactionStatus } from "../../../smaregi/admin-types"
import type { Sql } from "./sql"

export type TransactionResult = {
  transaction_id: string
  connection_id: string
  transaction_head_id: string
  status: TransactionStatus
  action: string
  applied_upd_date_time: string | null
  /** the event type logged with it */
  event: string
  reason_code?: string | null
  reason?: string | null
}

// The row and its event commit together, in one round trip.
const RECORD_RESULT = `
WITH updated AS (
  UPDATE smaregi_transaction
     SET status = ?, action = ?, applied_upd_date_time = ?, reason_code = ?, reason = ?, processed_at = now(), updated_at = now()
   WHERE id = ? AND deleted_at IS NULL
  RETURNING id
)
INSERT INTO smaregi_transaction_event
  (id, transaction_id, connection_id, transaction_head_id, type, reason_code, message, upd_date_time, created_at, updated_at)
SELECT ?, id, ?, ?, ?, ?, ?, ?, now(), now() FROM updated
RETURNING id`

export type PendingTransaction = {
  id: string
  connection_id: string
  transaction_head_id: string
  upd_date_time: string | null
  attempts: number
  connection_state: "gone" | "disabled" | "enabled"
}

/** The sales path's writes on smaregi_transaction that must be atomic (claims, counters, a result with its event). */
export class TransactionRecords {
  constructor(private readonly sql: Sql) {}

  /**
   * The database guard of exactly-once (IN-5): only the first order ever claims the row. False when the row
   * already has an order (or is gone).
   */
  async claimOrder(transactionId: string, orderId: string): Promise<boolean> {
    const rows = await this.sql(
      `UPDATE smaregi_transaction SET order_id = ?, updated_at = now()
        WHERE id = ? AND order_id IS NULL AND deleted_at IS NULL
        RETURNING id`,
      [orderId, transactionId]
    )
    return rows.length > 0
  }

  /** Undoes claimOrder, only if the row still holds that order. */
  async unclaimOrder(transactionId: string, orderId: string): Promise<void> {
    await this.sql(`UPDATE smaregi_transaction SET order_id = NULL, updated_at = now() WHERE id = ? AND order_id = ?`, [
      transactionId,
      orderId,
    ])
  }

  /** Counts one more run started on the row; returns the new count. */
  async countAttempt(transactionId: string): Promise<number> {
    const rows = await this.sql(
      `UPDATE smaregi_transaction SET attempts = attempts + 1, updated_at = now() WHERE id = ? RETURNING attempts`,
      [transactionId]
    )
    return Number(rows[0]?.attempts ?? 1)
  }

  /** The row shows what was applied and the event log says so; false when the row no longer exists. */
  async recordResult(input: TransactionResult): Promise<boolean> {
    const reasonCode = input.reason_code ?? null
    const reason = input.reason ?? null
    const rows = await this.sql(RECORD_RESULT, [
      input.status,
      input.action,
      input.applied_upd_date_time,
      reasonCode,
      reason,
      input.transaction_id,
      entityId("smtxe"),
      input.connection_id,
      input.transaction_head_id,
      input.event,
      reasonCode,
      reason,
      input.applied_upd_date_time,
    ])
    return rows.length > 0
  }

  /** PTS-5: the register's points movement took more than the ledger held. */
  async flagPointsDrift(transactionId: string, drift: TransactionPointsDrift): Promise<void> {
    await this.sql(`UPDATE smaregi_transaction SET points_drift = ?::jsonb, updated_at = now() WHERE id = ?`, [
      JSON.stringify(drift),
      transactionId,
    ])
  }

  /** Rows still `received` whose last touch is older than `afterMs`, oldest first, with their connection's state. */
  async listPending(afterMs: number, limit: number): Promise<PendingTransaction[]> {
    const rows = await this.sql(
      `SELECT t.id, t.connection_id, t.transaction_head_id, t.upd_date_time, t.attempts,
              CASE WHEN c.id IS NULL OR c.deleted_at IS NOT NULL THEN 'gone' WHEN c.enabled THEN 'enabled' ELSE 'disabled' END AS connection_state
         FROM smaregi_transaction t LEFT JOIN smaregi_connection c ON c.id = t.connection_id
        WHERE t.status = 'received' AND t.deleted_at IS NULL AND t.updated_at < now() - make_interval(secs => ?)
        ORDER BY t.updated_at ASC LIMIT ?`,
      [afterMs / 1000, limit]
    )
    return rows as unknown as PendingTransaction[]
  }

  /**
   * A pending run that failed counts once whether it failed before it started (no attempt recorded) or after; the
   * reason stays on the row. Touching updated_at puts the row behind the others.
   */
  async countFailedPendingAttempt(transactionId: string, attempts: number, reason: string): Promise<void> {
    await this.sql(
      `UPDATE smaregi_transaction SET attempts = GREATEST(attempts, ?), reason = ?, updated_at = now()
        WHERE id = ? AND status = 'received'`,
      [attempts, reason.slice(0, 2000), transactionId]
    )
  }
}
