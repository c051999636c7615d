import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { PendingTransaction } from "../modules/smaregi/repositories/transactions"
import { parseSettings } from "../smaregi/settings"
import { errorMessage, recordFailure, recordSkip } from "../workflows/sales/lib/outcome"
import { loadConnection, loadTransactionRow, smaregiService, transactionKey } from "../workflows/sales/lib/transaction-row"
import { processSmaregiTransaction } from "../workflows/sales/run-transaction"
import { envMs } from "../smaregi/env"

const BATCH = 200
const PARALLEL = 4

/** A stored head still `received` this long after its last touch lost its processing (crash, undelivered event). */
export function pendingAfterMs(): number {
  return envMs("SMAREGI_PENDING_AFTER_MS", 120_000, 1)
}

/** Runs a head may start and not finish (crash, error) before it is marked `failed` instead of retried. */
export function pendingMaxAttempts(): number {
  const value = Number(process.env.SMAREGI_PENDING_MAX_ATTEMPTS)
  return Number.isInteger(value) && value > 0 ? value : 5
}

type PendingRow = PendingTransaction

/**
 * IN-3 / NFR-2: the inbox is durable but the event that triggers an import is not (a worker killed mid-import,
 * an event bus that never retries). Every minute, heads still `received` after SMAREGI_PENDING_AFTER_MS go
 * through the same locked, idempotent processing as the webhook's event. A head whose connection was deleted
 * or disabled is settled as skipped, and one that has started SMAREGI_PENDING_MAX_ATTEMPTS runs without
 * finishing is marked failed, so no head is retried forever or keeps newer ones waiting.
 */
export default async function processPendingSmaregiTransactions(container: MedusaContainer): Promise<void> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const rows = await smaregiService(container).listPendingSmaregiTransactions(pendingAfterMs(), BATCH)
  if (!rows.length) return
  logger.info(`smaregi: processing ${rows.length} transaction(s) still pending after ${pendingAfterMs()} ms`)

  const queue = [...rows]
  const runOne = async (): Promise<void> => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      try {
        await handle(container, row)
      } catch (error) {
        logger.warn(`smaregi: pending transaction ${row.transaction_head_id} (${row.id}) could not be processed, will retry: ${errorMessage(error)}`)
        await countFailedAttempt(container, row, errorMessage(error)).catch(() => undefined)
      }
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, runOne))
}

async function handle(container: MedusaContainer, row: PendingRow): Promise<void> {
  if (row.connection_state !== "enabled") {
    const gone = row.connection_state === "gone"
    return settle(container, row, (current) =>
      recordSkip(container, current, {
        reasonCode: gone ? "connection_deleted" : "connection_disabled",
        message: gone
          ? `connection ${row.connection_id} was deleted before this transaction was processed`
          : `connection ${row.connection_id} is disabled: enable it and replay this transaction to import it`,
        deliveryOnly: false,
        updDateTime: current.upd_date_time,
      })
    )
  }
  const max = pendingMaxAttempts()
  if (row.attempts >= max) {
    // A connection that cannot be loaded (the likely cause) still gets the failure recorded, without its notifications.
    const connection = await loadConnection(container, row.connection_id).catch(() => ({ name: row.connection_id, settings: parseSettings({}) }))
    return settle(container, row, async (current) => {
      await recordFailure(
        container,
        current,
        {
          reasonCode: "attempts_exhausted",
          message: `gave up after ${current.attempts} attempts that did not finish${current.reason ? `; the last error: ${current.reason}` : ""} — fix the cause, then replay`,
          action: "process",
          updDateTime: current.upd_date_time,
        },
        connection.settings,
        connection.name
      )
    })
  }
  await processSmaregiTransaction(container, { transaction_id: row.id, delivered_upd_date_time: row.upd_date_time })
}

/** Under the head's lock, and only if it is still `received` (an import may have finished meanwhile). */
async function settle(
  container: MedusaContainer,
  row: PendingRow,
  apply: (current: Awaited<ReturnType<typeof loadTransactionRow>>) => Promise<unknown>
): Promise<void> {
  await container.resolve(Modules.LOCKING).execute(
    transactionKey(row.connection_id, row.transaction_head_id),
    async () => {
      const current = await loadTransactionRow(container, row.id)
      if (current.status === "received") await apply(current)
    },
    { timeout: 5, expire: 30 }
  )
}

/** A run counts once whether it failed before it started or after; the reason stays on the row. */
async function countFailedAttempt(container: MedusaContainer, row: PendingRow, message: string): Promise<void> {
  await smaregiService(container).countFailedPendingAttempt(row.id, row.attempts + 1, message)
}

export const config = {
  name: "process-pending-smaregi-transactions",
  schedule: { interval: envMs("SMAREGI_PENDING_INTERVAL_MS", 60_000, 1), concurrency: "forbid" as const },
}
