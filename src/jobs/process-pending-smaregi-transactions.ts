import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { smaregiService } from "../workflows/sales/lib/transaction-row"
import { processSmaregiTransactionWorkflow } from "../workflows/sales/process-transaction"

const BATCH = 200
const PARALLEL = 4

function envMs(name: string, fallback: number): number {
  const value = Number(process.env[name])
  return Number.isFinite(value) && value > 0 ? value : fallback
}

/** A stored head still `received` this long after its last touch lost its processing (crash, undelivered event). */
export function pendingAfterMs(): number {
  return envMs("SMAREGI_PENDING_AFTER_MS", 120_000)
}

/**
 * IN-3 / NFR-2: the inbox is durable but the event that triggers an import is not (a worker killed mid-import,
 * an event bus that never retries). Every minute, heads still `received` after SMAREGI_PENDING_AFTER_MS go
 * through the same locked, idempotent processing as the webhook's event.
 */
export default async function processPendingSmaregiTransactions(container: MedusaContainer): Promise<void> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const rows = (await smaregiService(container).executeSql(
    `SELECT id, transaction_head_id, upd_date_time FROM smaregi_transaction
      WHERE status = 'received' AND deleted_at IS NULL AND updated_at < now() - make_interval(secs => ?)
      ORDER BY updated_at ASC LIMIT ?`,
    [pendingAfterMs() / 1000, BATCH]
  )) as Array<{ id: string; transaction_head_id: string; upd_date_time: string | null }>
  if (!rows.length) return
  logger.info(`smaregi: processing ${rows.length} transaction(s) still pending after ${pendingAfterMs()} ms`)

  const queue = [...rows]
  const runOne = async (): Promise<void> => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      try {
        await processSmaregiTransactionWorkflow(container).run({
          input: { transaction_id: row.id, delivered_upd_date_time: row.upd_date_time },
        })
      } catch (error) {
        logger.warn(
          `smaregi: pending transaction ${row.transaction_head_id} (${row.id}) could not be processed, will retry: ${
            error instanceof Error ? error.message : JSON.stringify(error)
          }`
        )
      }
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, runOne))
}

export const config = {
  name: "process-pending-smaregi-transactions",
  schedule: { interval: envMs("SMAREGI_PENDING_INTERVAL_MS", 60_000), concurrency: "forbid" as const },
}
