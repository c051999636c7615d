import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { compareUpdDateTime } from "../../smaregi/classify"
import {
  checkDetailRow,
  checkHeadRow,
  type SmaregiTransaction,
  type TransactionDetail,
  type TransactionHead,
} from "../../smaregi/transaction-schema"
import {
  type PullWindow,
  jstDateRange,
  jstDateTime,
  nextWatermark,
  pullWindows,
} from "../../smaregi/reconcile-windows"
import { SmaregiNotConfiguredError, type SmaregiTransport } from "../../modules/smaregi/transport/types"
import { errorMessage } from "./lib/outcome"
import { findTransactionRow, smaregiService } from "./lib/transaction-row"
import { processSmaregiTransaction } from "./run-transaction"

export { jstDateTime }

export const DEFAULT_RECONCILE_LOOKBACK_DAYS = 2
/** The scheduled pull re-reads this much of the recent past, so a head that shows up late is still found. */
const SETTLE_MS = DEFAULT_RECONCILE_LOOKBACK_DAYS * 86_400_000
/** Details are fetched by id ranges this narrow, so that ids of other heads in between cost little. */

/** JST dates, both inclusive: pull the sales made on these days instead of what changed since the watermark. */
export type PastRange = { from: string; to: string }

export type PullCounts = {
  windows_total: number
  windows_done: number
  heads: number
  /** heads fed into the inbox and processed (new, newer than stored, or never processed) */
  fed: number
  /** heads already stored and processed with this data */
  known: number
  imported: number
  skipped: number
  failed: number
}

export type ReconcileResult = Omit<PullCounts, "skipped"> & {
  connection_id: string
  /** why nothing was pulled (disabled, no credentials) */
  skipped: string | null
  /** sales recorded as skipped (PullCounts.skipped) */
  sales_skipped: number
  from: string | null
  to: string | null
  watermark: string | null
  errors: string[]
}

export type ReconcileOptions = {
  now?: Date
  /** a past-sales import by transactionDateTime; never moves the watermark */
  range?: PastRange
  /** an admin's "Pull sales now": runs even when the scheduled reconciliation is off */
  manual?: boolean
  onProgress?: (counts: PullCounts) => Promise<void>
}

const OUTCOME_COUNT: Record<string, "imported" | "skipped" | "failed"> = {
  imported: "imported",
  updated: "imported",
  canceled: "imported",
  skipped: "skipped",
  failed: "failed",
  needs_attention: "failed",
  received: "failed",
}

/**
 * IN-18: pulls heads in windows of at most 31 days (smaregi-v2.md §1 range rule) — by default those updated
 * since the connection's watermark, or with `range` those sold on past days — feeds the ones not yet applied
 * through the same inbox and idempotent processing as the webhook, and after each window moves the watermark
 * (never backwards, never for a past range). Running it again only finds what it already stored.
 */
export async function reconcileSmaregiConnection(
  container: MedusaContainer,
  connectionId: string,
  opts: ReconcileOptions = {}
): Promise<ReconcileResult> {
  const smaregi = smaregiService(container)
  const connection = await smaregi.getPublicConnection(connectionId)
  const result: ReconcileResult = {
    connection_id: connectionId,
    skipped: null,
    from: null,
    to: null,
    watermark: connection.reconcile_watermark,
    windows_total: 0,
    windows_done: 0,
    heads: 0,
    fed: 0,
    known: 0,
    imported: 0,
    sales_skipped: 0,
    failed: 0,
    errors: [],
  }
  const skip = (reason: string): ReconcileResult => {
    result.skipped = reason
    return result
  }
  const { settings } = connection
  if (!connection.enabled) return skip("connection disabled")
  if (!settings.importEnabled) return skip("sales import disabled")
  if (!settings.reconcileEnabled && !opts.manual && !opts.range) return skip("reconciliation disabled")
  let transport: SmaregiTransport
  try {
    transport = await smaregiService(container).transportFor(connectionId)
  } catch (error) {
    if (!(error instanceof SmaregiNotConfiguredError)) throw error
    return skip(error.message)
  }
  const now = opts.now ?? new Date()
  const counts = (): PullCounts => ({
    windows_total: result.windows_total,
    windows_done: result.windows_done,
    heads: result.heads,
    fed: result.fed,
    known: result.known,
    imported: result.imported,
    skipped: result.sales_skipped,
    failed: result.failed,
  })

  const walk = async (field: "updDateTime" | "transactionDateTime", windows: PullWindow[], moveWatermark: boolean): Promise<void> => {
    result.windows_total = windows.length
    await opts.onProgress?.(counts())
    for (const window of windows) {
      const { newestHead, blocked } = await pullWindow(container, transport, connectionId, field, window, result)
      if (blocked) break
      if (moveWatermark) {
        result.watermark = nextWatermark({ watermark: result.watermark, window, newestHead, now: jstDateTime(now), settleMs: SETTLE_MS })
        await smaregi.updateSmaregiConnections({ id: connectionId, reconcile_watermark: result.watermark })
      }
      result.windows_done++
      await opts.onProgress?.(counts())
    }
  }

  const finish = (): ReconcileResult => {
    if (result.errors.length) {
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .warn(`smaregi: reconciliation of connection ${connectionId}: ${result.errors.join("; ")}`)
    }
    return result
  }

  if (opts.range) {
    const range = jstDateRange(opts.range.from, opts.range.to)
    result.from = range.from
    result.to = range.to
    await walk("transactionDateTime", pullWindows(range.from, range.to), false)
    return finish()
  }

  return container.resolve(Modules.LOCKING).execute(
    `smaregi:reconcile:${connectionId}`,
    async () => {
      const fresh = await smaregi.getPublicConnection(connectionId)
      const from = fresh.reconcile_watermark ?? jstDateTime(new Date(now.getTime() - DEFAULT_RECONCILE_LOOKBACK_DAYS * 86_400_000))
      result.from = from
      result.to = jstDateTime(now)
      result.watermark = from
      await walk("updDateTime", pullWindows(from, result.to), true)
      await smaregi.updateSmaregiConnections({ id: connectionId, reconciled_at: new Date() })
      return finish()
    },
    { timeout: 5, expire: 900 }
  )
}

/** One window: its heads (one closed range), then the details of the heads not yet applied, each head processed. */
async function pullWindow(
  container: MedusaContainer,
  transport: SmaregiTransport,
  connectionId: string,
  field: "updDateTime" | "transactionDateTime",
  window: PullWindow,
  result: ReconcileResult
): Promise<{ newestHead: string | null; blocked: boolean }> {
  const smaregi = smaregiService(container)
  const headRows = await transport.readHeadsByWindow(field, window)
  const heads: TransactionHead[] = []
  for (const [index, raw] of headRows.entries()) {
    const parsed = checkHeadRow(raw, index)
    if (parsed.ok) heads.push(parsed.value)
    else result.errors.push(`TransactionHead ${raw.transactionHeadId ?? "(no id)"}: ${parsed.message}`)
  }
  heads.sort((a, b) => compareUpdDateTime(a.updDateTime, b.updDateTime))
  result.heads += heads.length

  const wanted = new Set<TransactionHead>()
  for (const head of heads) {
    const row = await findTransactionRow(container, connectionId, head.transactionHeadId)
    const unseen = !row || compareUpdDateTime(head.updDateTime, row.upd_date_time) > 0 || row.status === "received"
    if (unseen) wanted.add(head)
    else result.known++
  }
  const details = await fetchDetails(transport, [...wanted].map((h) => h.transactionHeadId), result.errors)

  let newestHead: string | null = null
  for (const head of heads) {
    if (wanted.has(head)) {
      const tx: SmaregiTransaction = { head, details: details.get(head.transactionHeadId) ?? [] }
      try {
        const delivery = await smaregi.recordSmaregiTransactionDelivery({ connectionId, transaction: tx })
        result.fed++
        const outcome = await processSmaregiTransaction(container, {
          transaction_id: delivery.transactionId,
          delivered_upd_date_time: head.updDateTime ?? null,
        })
        const bucket = OUTCOME_COUNT[outcome.status] ?? "failed"
        if (bucket === "skipped") result.sales_skipped++
        else result[bucket]++
      } catch (error) {
        result.failed++
        // Stored heads are safe; a head that could not even be stored keeps the watermark behind it.
        result.errors.push(`transaction ${head.transactionHeadId}: ${errorMessage(error)}`)
        if (!(await findTransactionRow(container, connectionId, head.transactionHeadId))) return { newestHead, blocked: true }
      }
    }
    if (head.updDateTime && compareUpdDateTime(head.updDateTime, newestHead) > 0) newestHead = head.updDateTime
  }
  return { newestHead, blocked: false }
}

async function fetchDetails(transport: SmaregiTransport, headIds: string[], errors: string[]): Promise<Map<string, TransactionDetail[]>> {
  const byHead = new Map<string, TransactionDetail[]>()
  for (const rows of (await transport.readDetailsByHeadIds(headIds)).values()) {
    for (const [index, raw] of rows.entries()) {
      const parsed = checkDetailRow(raw, index)
      if (!parsed.ok) {
        errors.push(`TransactionDetail ${raw.transactionHeadId}/${raw.transactionDetailId}: ${parsed.message}`)
        continue
      }
      const list = byHead.get(parsed.value.transactionHeadId) ?? []
      list.push(parsed.value)
      byHead.set(parsed.value.transactionHeadId, list)
    }
  }
  for (const list of byHead.values()) list.sort((a, b) => Number(a.transactionDetailId) - Number(b.transactionDetailId))
  return byHead
}
