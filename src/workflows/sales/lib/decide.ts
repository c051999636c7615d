import type { ConnectionSettings } from "../../../smaregi/settings"
import { classify, compareUpdDateTime, skipMessage, type KnownTransaction } from "../../../smaregi/classify"
import type { SmaregiTransaction, TransactionDetail } from "../../../smaregi/transaction-schema"
import type { TransactionRow } from "./transaction-row"

export type SaleAction = "create" | "update" | "cancel" | "resume"

const FINISHED_STATUSES: TransactionRow["status"][] = ["imported", "updated", "canceled"]

/** A run claimed an order for the row but died before recording the import: that import must be finished. */
export function isInterruptedImport(row: Pick<TransactionRow, "order_id" | "applied_upd_date_time" | "status">): boolean {
  return !!row.order_id && !row.applied_upd_date_time && !FINISHED_STATUSES.includes(row.status)
}

export type Decision =
  | { action: SaleAction; saleLines: TransactionDetail[] }
  | {
      action: "skip"
      reasonCode: string
      message: string
      saleLines: TransactionDetail[]
      /** true when this delivery brings nothing new: log it, leave the row as it is */
      deliveryOnly: boolean
    }

/** What the row's applied state tells classify (a replay forgets the applied stamp so the data is re-evaluated). */
export function knownFromRow(
  row: Pick<TransactionRow, "applied_upd_date_time" | "order_id" | "status"> | null,
  opts: { replay?: boolean } = {}
): KnownTransaction | null {
  if (!row) return null
  return {
    updDateTime: opts.replay ? null : row.applied_upd_date_time,
    hasOrder: !!row.order_id,
    status: row.status,
  }
}

/**
 * Decides what one run does with an inbox row. The row holds the newest data received; `deliveredUpd`
 * is the updDateTime of the delivery that triggered the run (it only names the skip reason).
 */
export function decideForRow(
  row: TransactionRow,
  tx: SmaregiTransaction,
  settings: Pick<ConnectionSettings, "importEnabled" | "mode" | "importTarget">,
  opts: { deliveredUpd?: string | null; replay?: boolean } = {}
): Decision {
  const saleLines = tx.details.filter((d) => (d.transactionDetailDivision ?? "").trim() !== "2")
  if (!settings.importEnabled) {
    return {
      action: "skip",
      reasonCode: "import_disabled",
      message: "sales import is switched off for this connection (importEnabled = false)",
      saleLines,
      deliveryOnly: false,
    }
  }
  // Before classify: it would see a known order and update it. A cancel is handled by the next run once resumed.
  if (isInterruptedImport(row)) return { action: "resume", saleLines }
  const applied = row.applied_upd_date_time
  if (!opts.replay && applied && compareUpdDateTime(row.upd_date_time, applied) <= 0) {
    const delivered = opts.deliveredUpd ?? row.upd_date_time
    const stale = compareUpdDateTime(delivered, applied) < 0
    const reasonCode = stale ? "stale" : "redelivery"
    return {
      action: "skip",
      reasonCode,
      message: skipMessage(reasonCode, { incoming: delivered ?? "(none)", known: applied }),
      saleLines,
      deliveryOnly: true,
    }
  }
  const result = classify(tx, knownFromRow(row, opts), { mode: settings.mode, importTarget: settings.importTarget })
  if (result.action === "skip") {
    return {
      action: "skip",
      reasonCode: result.reasonCode,
      message: result.message,
      saleLines: result.saleLines,
      deliveryOnly: result.reasonCode === "stale" || result.reasonCode === "redelivery",
    }
  }
  return { action: result.action, saleLines: result.saleLines }
}

/** A row whose stored data cannot even be classified: recorded as failed (invalid_data). */
export type RunDecision = Decision | { action: "invalid"; message: string; saleLines: TransactionDetail[] }

/** decideForRow for one run, with a classification error as a decision instead of a throw. */
export function decideRun(
  row: TransactionRow,
  settings: Pick<ConnectionSettings, "importEnabled" | "mode" | "importTarget">,
  opts: { deliveredUpd?: string | null; replay?: boolean } = {}
): RunDecision {
  const tx = { head: row.head, details: Array.isArray(row.details) ? row.details : [] }
  try {
    return decideForRow(row, tx, settings, opts)
  } catch (error) {
    return { action: "invalid", message: error instanceof Error ? error.message : String(error), saleLines: [] }
  }
}
