import type { SmaregiTransaction, TransactionDetail } from "./transaction-schema"

export type KnownTransaction = { updDateTime: string | null; hasOrder: boolean; status: string }
export type ImportTarget = { memberOnly?: boolean; storeIds?: string[] }
export type ImportMode = "create_only" | "create_update_cancel"
export type ClassifyOptions = { mode?: ImportMode; importTarget?: ImportTarget }

export const SKIP_REASONS = {
  non_sales_head: "non-sales head (transactionHeadDivision={division}: {meaning})",
  dispose_record: "dispose record of a return-cancel (disposeDivision=2, original transactionHeadId {counterpart})",
  return_cancel_original:
    "original of a return-cancel (disposeDivision=1, dispose record transactionHeadId {counterpart})",
  stale: "stale delivery (updDateTime {incoming} is older than the imported {known})",
  redelivery: "redelivery (updDateTime {incoming} is not newer than the imported {known})",
  returns_only: "only return lines ({count} with transactionDetailDivision=2)",
  no_lines: "no transaction detail lines",
  not_member: "not a member sale (no customerId or customerCode) and the import target is member sales only",
  out_of_target_store: "store {storeId} is not in the import target stores ({storeIds})",
  mode_create_only: "{action} ignored: the connection imports new sales only (mode create_only)",
  canceled_before_import: "canceled (cancelDivision=1, cancelDateTime {cancelDateTime}) before it was imported",
} as const

export type SkipReason = keyof typeof SKIP_REASONS

export type Classification =
  | { action: "create" | "update" | "cancel"; saleLines: TransactionDetail[]; reasonCode?: undefined }
  | { action: "skip"; reasonCode: SkipReason; message: string; saleLines: TransactionDetail[] }

/** 取引区分 meanings from the Smaregi v2 spec (smaregi-v2.md §2). */
export const TRANSACTION_HEAD_DIVISIONS: Record<string, string> = {
  "1": "通常",
  "2": "入金",
  "3": "出金",
  "4": "預り金",
  "5": "預り金返金",
  "6": "ポイント加算",
  "7": "ポイント減算",
  "8": "ポイント失効",
  "10": "取置き",
  "13": "マイル",
  "14": "マイル",
  "15": "バリューカード入金",
  "16": "領収証",
}

/** 取引明細区分 (transactionDetailDivision): 1 通常, 2 返品, 3 部門売り (a line rung up on a department, no product). */
export type DetailKind = "product" | "return" | "department"

const DETAIL_KINDS: Record<string, DetailKind> = { "1": "product", "2": "return", "3": "department" }

/** The kind of a detail line; an empty division reads as 1 (通常). null for a division the plugin does not know. */
export function detailKind(detail: Pick<TransactionDetail, "transactionDetailDivision">): DetailKind | null {
  return DETAIL_KINDS[text(detail.transactionDetailDivision) || "1"] ?? null
}

export function unknownDivisionMessage(detail: Pick<TransactionDetail, "transactionDetailId" | "transactionDetailDivision">): string {
  return `TransactionDetail ${detail.transactionDetailId} has an unknown transactionDetailDivision ${JSON.stringify(
    text(detail.transactionDetailDivision)
  )} (known: 1 通常, 2 返品, 3 部門売り)`
}

export function skipMessage(code: SkipReason, values: Record<string, string | number> = {}): string {
  return SKIP_REASONS[code].replace(/\{(\w+)\}/g, (_, name: string) =>
    name in values ? String(values[name]) : `{${name}}`
  )
}

export function classify(
  tx: SmaregiTransaction,
  known?: KnownTransaction | null,
  opts: ClassifyOptions = {}
): Classification {
  const { head, details } = tx
  const mode = opts.mode ?? "create_update_cancel"
  const saleLines = details.filter((d) => text(d.transactionDetailDivision) !== "2")
  const skip = (reasonCode: SkipReason, values?: Record<string, string | number>): Classification => ({
    action: "skip",
    reasonCode,
    message: skipMessage(reasonCode, values),
    saleLines,
  })

  const division = text(head.transactionHeadDivision)
  if (division !== "1") {
    return skip("non_sales_head", {
      division: division || "(none)",
      meaning: TRANSACTION_HEAD_DIVISIONS[division] ?? "不明",
    })
  }

  const dispose = text(head.disposeDivision)
  if (dispose === "2") {
    return skip("dispose_record", { counterpart: text(head.disposeServerTransactionHeadId) || "(none)" })
  }
  if (dispose === "1") {
    return skip("return_cancel_original", { counterpart: text(head.disposeServerTransactionHeadId) || "(none)" })
  }

  if (known) {
    const order = compareUpdDateTime(head.updDateTime, known.updDateTime)
    const values = { incoming: head.updDateTime ?? "(none)", known: known.updDateTime ?? "(none)" }
    if (order < 0) {
      return skip("stale", values)
    }
    // A redelivered failed sale is retried; anything else already imported is a duplicate.
    if (order === 0 && !(known.status === "failed" && !known.hasOrder)) {
      return skip("redelivery", values)
    }
  }

  // A cancel of an imported sale applies even when the push carries no lines or the target changed.
  const hasOrder = known?.hasOrder === true
  if (text(head.cancelDivision) === "1") {
    if (!hasOrder) {
      return skip("canceled_before_import", { cancelDateTime: head.cancelDateTime ?? "(none)" })
    }
    return mode === "create_only" ? skip("mode_create_only", { action: "cancel" }) : { action: "cancel", saleLines }
  }

  if (details.length === 0) {
    return skip("no_lines")
  }
  if (saleLines.length === 0) {
    return skip("returns_only", { count: details.length })
  }

  const target = opts.importTarget ?? {}
  if (target.memberOnly && !isMember(tx)) {
    return skip("not_member")
  }
  const storeIds = (target.storeIds ?? []).map((id) => String(id).trim()).filter((id) => id !== "")
  const storeId = text(head.storeId)
  if (storeIds.length > 0 && !storeIds.includes(storeId)) {
    return skip("out_of_target_store", { storeId: storeId || "(none)", storeIds: storeIds.join(", ") })
  }

  if (hasOrder) {
    return mode === "create_only" ? skip("mode_create_only", { action: "update" }) : { action: "update", saleLines }
  }
  return { action: "create", saleLines }
}

/**
 * Orders two Smaregi `YYYY-MM-DD HH:MM:SS` stamps (also tolerating `/`, `T` and missing seconds).
 * null, empty and unreadable stamps count as the oldest.
 */
export function compareUpdDateTime(a: string | null | undefined, b: string | null | undefined): number {
  const x = normaliseDateTime(a)
  const y = normaliseDateTime(b)
  if (x === y) return 0
  if (x === null) return -1
  if (y === null) return 1
  return x < y ? -1 : 1
}

export function normaliseDateTime(value: string | null | undefined): string | null {
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?/.exec(
    (value ?? "").trim()
  )
  if (!match) return null
  const [, y, mo, d, h = "0", mi = "0", s = "0"] = match
  return [y, mo, d, h, mi, s].map((part, i) => (i === 0 ? part : part!.padStart(2, "0"))).join("")
}

function isMember(tx: SmaregiTransaction): boolean {
  const customerId = text(tx.head.customerId)
  // Smaregi writes "0" for an empty id column (as for disposeServerTransactionHeadId).
  return (customerId !== "" && customerId !== "0") || text(tx.head.customerCode) !== ""
}

function text(value: string | null | undefined): string {
  return (value ?? "").trim()
}
