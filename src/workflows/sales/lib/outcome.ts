import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { SmaregiEvents } from "../../../events"
import { emailPayload, TRANSACTION_FAILURE_TEMPLATE, transactionFailureNotice } from "../../../smaregi/failure-notices"
import { adminUrl, sendFailureNotices } from "../../shared/failure-notices"
import type { ConnectionSettings } from "../../../smaregi/settings"
import { smaregiService, type TransactionRow, type TransactionStatus } from "./transaction-row"

export type EventType = "imported" | "updated" | "canceled" | "skipped" | "failed" | "needs_attention" | "replayed"

export async function recordTransactionEvent(
  container: MedusaContainer,
  row: Pick<TransactionRow, "id" | "connection_id" | "transaction_head_id">,
  event: { type: EventType; reasonCode?: string | null; message?: string | null; updDateTime?: string | null }
): Promise<void> {
  await smaregiService(container).createSmaregiTransactionEvents({
    transaction_id: row.id,
    connection_id: row.connection_id,
    transaction_head_id: row.transaction_head_id,
    type: event.type,
    reason_code: event.reasonCode ?? null,
    message: event.message ?? null,
    upd_date_time: event.updDateTime ?? null,
  })
}

async function emit(container: MedusaContainer, name: string, data: Record<string, unknown>): Promise<void> {
  await container.resolve(Modules.EVENT_BUS).emit({ name, data })
}

/**
 * A skip. A delivery that brings nothing new (stale, redelivery) is only logged; otherwise the row
 * shows the reason, and becomes `skipped` unless it already has an order (which stays as it is).
 */
export async function recordSkip(
  container: MedusaContainer,
  row: TransactionRow,
  skip: { reasonCode: string; message: string; deliveryOnly: boolean; updDateTime: string | null }
): Promise<void> {
  if (!skip.deliveryOnly) {
    await smaregiService(container).updateSmaregiTransactions({
      id: row.id,
      ...(row.order_id ? {} : { status: "skipped" as TransactionStatus }),
      action: "skip",
      reason_code: skip.reasonCode,
      reason: skip.message,
      processed_at: new Date(),
    })
  }
  await recordTransactionEvent(container, row, {
    type: "skipped",
    reasonCode: skip.reasonCode,
    message: skip.message,
    updDateTime: skip.updDateTime,
  })
  await emit(container, SmaregiEvents.TRANSACTION_SKIPPED, {
    id: row.id,
    connection_id: row.connection_id,
    transaction_head_id: row.transaction_head_id,
    reason_code: skip.reasonCode,
  })
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  if (error && typeof error === "object" && "message" in error) return String((error as { message: unknown }).message)
  return String(error)
}

/**
 * A failure (IN-17): row `failed` with the reason, raw data untouched, a `failed` event, the
 * `smaregi.transaction.failed` event, one e-mail per failure and address when error mail is on, and an
 * admin feed entry. A repeat of the same failure (same data, same reason) is logged but not notified again.
 */
export async function recordFailure(
  container: MedusaContainer,
  row: TransactionRow,
  failure: { reasonCode: string; message: string; action: string; updDateTime: string | null },
  settings: Pick<ConnectionSettings, "errorMail" | "errorFeed">,
  connectionName: string
): Promise<{ mailed: number }> {
  const repeat =
    row.status === "failed" &&
    row.reason === failure.message &&
    row.upd_date_time === failure.updDateTime
  await smaregiService(container).updateSmaregiTransactions({
    id: row.id,
    status: "failed",
    action: failure.action,
    reason_code: failure.reasonCode,
    reason: failure.message,
    processed_at: new Date(),
  })
  await recordTransactionEvent(container, row, {
    type: "failed",
    reasonCode: failure.reasonCode,
    message: failure.message,
    updDateTime: failure.updDateTime,
  })
  await emit(container, SmaregiEvents.TRANSACTION_FAILED, {
    id: row.id,
    connection_id: row.connection_id,
    transaction_head_id: row.transaction_head_id,
    reason_code: failure.reasonCode,
    reason: failure.message,
  })
  if (repeat) return { mailed: 0 }
  return { mailed: await sendFailureNotices_(container, row, failure, settings, connectionName) }
}

async function sendFailureNotices_(
  container: MedusaContainer,
  row: TransactionRow,
  failure: { reasonCode: string; message: string; action: string; updDateTime: string | null },
  settings: Pick<ConnectionSettings, "errorMail" | "errorFeed">,
  connectionName: string
): Promise<number> {
  const notice = transactionFailureNotice(
    {
      connectionName,
      transactionId: row.id,
      transactionHeadId: row.transaction_head_id,
      storeId: row.store_id ?? row.head?.storeId ?? null,
      terminalId: row.head?.terminalId ?? null,
      terminalTranId: row.head?.terminalTranId ?? null,
      saleDateTime: row.head?.terminalTranDateTime ?? null,
      reasonCode: failure.reasonCode,
      reason: failure.message,
    },
    adminUrl()
  )
  const data = {
    connection_id: row.connection_id,
    connection_name: connectionName,
    transaction_id: row.id,
    transaction_head_id: row.transaction_head_id,
    store_id: row.store_id ?? row.head?.storeId ?? null,
    terminal_id: row.head?.terminalId ?? null,
    terminal_tran_id: row.head?.terminalTranId ?? null,
    sale_date_time: row.head?.terminalTranDateTime ?? null,
    upd_date_time: failure.updDateTime,
    action: failure.action,
    reason_code: failure.reasonCode,
    reason: failure.message,
  }
  const { mailed } = await sendFailureNotices(container, {
    to: settings.errorMail.enabled ? settings.errorMail.to : [],
    email: emailPayload(notice, { templateId: settings.errorMail.transactionTemplate, defaultTemplate: TRANSACTION_FAILURE_TEMPLATE, data }),
    feed: settings.errorFeed ? notice.feed : null,
    trigger_type: SmaregiEvents.TRANSACTION_FAILED,
    resource_type: "smaregi_transaction",
    resource_id: row.id,
    idempotencyKey: `smaregi-tx-failed:${row.id}:${failure.updDateTime ?? ""}:${row.attempts}`,
  })
  return mailed
}
