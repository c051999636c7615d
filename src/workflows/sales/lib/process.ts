import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { cancelSmaregiSaleWorkflow } from "../cancel-sale"
import { importSmaregiSaleWorkflow } from "../import-sale"
import { resumeSmaregiSaleWorkflow } from "../resume-sale"
import { compareUpdDateTime } from "../../../smaregi/classify"
import { updateSmaregiSaleWorkflow } from "../update-sale"
import { decideForRow, type Decision, type SaleAction } from "./decide"
import { errorMessage, recordFailure, recordSkip, recordTransactionEvent } from "./outcome"
import { resolveSaleCustomer } from "./resolve-customer"
import { saleOf } from "../steps/load-sale"
import {
  loadConnection,
  loadTransactionRow,
  rowTransaction,
  smaregiService,
  transactionKey,
  type TransactionRow,
  type TransactionStatus,
} from "./transaction-row"

export type ProcessInput = {
  transaction_id: string
  /** updDateTime of the delivery that triggered this run */
  delivered_upd_date_time?: string | null
  /** re-evaluate the stored data whatever was applied before (admin replay) */
  replay?: boolean
}

export type ProcessOutcome = {
  transaction_id: string
  transaction_head_id: string
  action: SaleAction | "skip"
  status: TransactionStatus
  order_id: string | null
  reason_code: string | null
  reason: string | null
}

const LOCK_TIMEOUT_SECONDS = 120
// Short, because a killed worker holds the lock until it expires; locking-redis renews it while the run lives.
const LOCK_EXPIRE_SECONDS = 30

/**
 * One run over an inbox row, under the transaction's lock (IN-5): decide from the newest stored data and
 * what was applied, then create / update / cancel through their idempotent workflows, or record the skip.
 * Failures are recorded on the row (IN-17) and never thrown.
 */
export async function processTransaction(container: MedusaContainer, input: ProcessInput): Promise<ProcessOutcome> {
  const [first] = await smaregiService(container).executeSql(
    `SELECT connection_id, transaction_head_id FROM smaregi_transaction WHERE id = ? AND deleted_at IS NULL`,
    [input.transaction_id]
  )
  if (!first) throw new MedusaError(MedusaError.Types.NOT_FOUND, `SmaregiTransaction with id: ${input.transaction_id} was not found`)
  const key = transactionKey(String(first.connection_id), String(first.transaction_head_id))
  return container
    .resolve(Modules.LOCKING)
    .execute(key, () => processLocked(container, input), { timeout: LOCK_TIMEOUT_SECONDS, expire: LOCK_EXPIRE_SECONDS })
}

async function processLocked(container: MedusaContainer, input: ProcessInput, resumed = false): Promise<ProcessOutcome> {
  const row = await loadTransactionRow(container, input.transaction_id)
  const connection = await loadConnection(container, row.connection_id)
  const tx = rowTransaction(row)
  const delivered = input.delivered_upd_date_time ?? row.upd_date_time

  let decision: Decision
  try {
    decision = decideForRow(row, tx, connection.settings, { deliveredUpd: delivered, replay: input.replay })
  } catch (error) {
    await recordFailure(
      container,
      row,
      { reasonCode: "invalid_data", message: errorMessage(error), action: "classify", updDateTime: row.upd_date_time },
      connection.settings,
      connection.name
    )
    return outcomeOf(container, row.id, "skip")
  }

  if (decision.action === "skip") {
    await recordSkip(container, row, {
      reasonCode: decision.reasonCode,
      message: decision.message,
      deliveryOnly: decision.deliveryOnly,
      updDateTime: decision.deliveryOnly ? delivered : row.upd_date_time,
    })
    return outcomeOf(container, row.id, "skip")
  }

  // Only a row some run already started on (attempts > 0) can have an orphan: first runs skip the lookup.
  if (decision.action === "create" && row.attempts > 0 && (await claimOrphanOrder(container, row))) {
    decision = { action: "resume", saleLines: decision.saleLines }
  }

  const attempt = await nextAttempt(container, row.id)
  const context = {
    transactionId: `smaregi-tx-${row.connection_id}-${row.transaction_head_id}-${row.upd_date_time ?? "none"}-${attempt}`,
  }
  try {
    if (decision.action === "create") {
      const customer = await resolveSaleCustomer(container, row.connection_id, tx.head, connection.settings)
      if (customer.kind === "skip") {
        await recordSkip(container, row, {
          reasonCode: customer.reasonCode,
          message: customer.message,
          deliveryOnly: false,
          updDateTime: row.upd_date_time,
        })
        return outcomeOf(container, row.id, "skip")
      }
      if (customer.kind === "fail") {
        await recordFailure(
          container,
          row,
          { reasonCode: customer.reasonCode, message: customer.message, action: "create", updDateTime: row.upd_date_time },
          connection.settings,
          connection.name
        )
        return outcomeOf(container, row.id, "create")
      }
      const sale = saleOf(row, connection)
      await importSmaregiSaleWorkflow(container).run({ input: { transaction_id: row.id, customer, sale }, context })
    } else if (decision.action === "resume") {
      await resumeSmaregiSaleWorkflow(container).run({ input: { transaction_id: row.id }, context })
      const after = await loadTransactionRow(container, row.id)
      if (
        !resumed &&
        after.applied_upd_date_time &&
        compareUpdDateTime(after.upd_date_time, after.applied_upd_date_time) > 0
      ) {
        return processLocked(container, { ...input, replay: false }, true)
      }
    } else if (decision.action === "update") {
      await updateSmaregiSaleWorkflow(container).run({ input: { transaction_id: row.id }, context })
    } else {
      await cancelSmaregiSaleWorkflow(container).run({ input: { transaction_id: row.id }, context })
    }
  } catch (error) {
    const fresh = await loadTransactionRow(container, row.id)
    const message = errorMessage(error)
    if (decision.action === "create" && fresh.order_id) {
      // Another run imported it first (the database guard refused this one): a duplicate, not a failure.
      await recordSkip(container, fresh, {
        reasonCode: "redelivery",
        message: `duplicate import refused: transaction ${row.transaction_head_id} already has order ${fresh.order_id}`,
        deliveryOnly: true,
        updDateTime: delivered,
      })
      return outcomeOf(container, row.id, "skip")
    }
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`smaregi: transaction ${row.transaction_head_id} (${row.id}) ${decision.action} failed: ${message}`)
    await recordFailure(
      container,
      fresh,
      { reasonCode: `${decision.action}_failed`, message, action: decision.action, updDateTime: row.upd_date_time },
      connection.settings,
      connection.name
    )
  }
  return outcomeOf(container, row.id, decision.action)
}

/**
 * An order a killed import created but never claimed (found by the transaction id it carries in its metadata)
 * is claimed now, so the run resumes it instead of creating a second one.
 */
async function claimOrphanOrder(container: MedusaContainer, row: TransactionRow): Promise<boolean> {
  const service = smaregiService(container)
  const orders = await service.executeSql(
    `SELECT id FROM "order"
      WHERE metadata->>'smaregi_transaction_id' = ? AND deleted_at IS NULL AND status <> 'canceled'
      ORDER BY created_at LIMIT 1`,
    [row.id]
  )
  const orderId = orders[0]?.id as string | undefined
  if (!orderId) return false
  const claimed = await service.executeSql(
    `UPDATE smaregi_transaction SET order_id = ?, updated_at = now()
      WHERE id = ? AND order_id IS NULL AND deleted_at IS NULL RETURNING id`,
    [orderId, row.id]
  )
  return claimed.length > 0
}

async function nextAttempt(container: MedusaContainer, id: string): Promise<number> {
  const rows = await smaregiService(container).executeSql(
    `UPDATE smaregi_transaction SET attempts = attempts + 1, updated_at = now() WHERE id = ? RETURNING attempts`,
    [id]
  )
  return Number(rows[0]?.attempts ?? 1)
}

async function outcomeOf(container: MedusaContainer, id: string, action: ProcessOutcome["action"]): Promise<ProcessOutcome> {
  const [row] = await smaregiService(container).executeSql(
    `SELECT id, transaction_head_id, status, order_id, reason_code, reason FROM smaregi_transaction WHERE id = ?`,
    [id]
  )
  if (!row) throw new MedusaError(MedusaError.Types.NOT_FOUND, `SmaregiTransaction with id: ${id} was not found`)
  return {
    transaction_id: String(row.id),
    transaction_head_id: String(row.transaction_head_id),
    action,
    status: row.status as TransactionStatus,
    order_id: (row.order_id as string | null) ?? null,
    reason_code: (row.reason_code as string | null) ?? null,
    reason: (row.reason as string | null) ?? null,
  }
}

export const REPLAYABLE_STATUSES: TransactionStatus[] = ["failed", "skipped", "needs_attention", "received"]

/** An operator's replay (IN-17): logged as `replayed`, then processed afresh. */
export async function replayTransaction(container: MedusaContainer, transactionId: string): Promise<ProcessOutcome> {
  const row: TransactionRow = await loadTransactionRow(container, transactionId)
  await recordTransactionEvent(container, row, {
    type: "replayed",
    message: `replay requested (status was ${row.status}${row.reason ? `: ${row.reason}` : ""})`,
    updDateTime: row.upd_date_time,
  })
  return processTransaction(container, { transaction_id: transactionId, replay: true })
}
