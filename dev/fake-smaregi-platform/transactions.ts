import { type Json, positive, problem } from "./http"

// GET /pos/transactions of the fake (smaregi-platform.md "Transactions"): one date range of at most 31 days is required.

const DAY_MS = 86_400_000
const MAX_RANGE_DAYS = 31
const MAX_LIMIT = 1000
const DEFAULT_LIMIT = 100
/** Range parameters of GET /pos/transactions: query name → field compared. */
const RANGES: Record<string, { field: string; dateOnly: boolean }> = {
  transaction_date_time: { field: "transactionDateTime", dateOnly: false },
  terminal_tran_date_time: { field: "terminalTranDateTime", dateOnly: false },
  sum_date: { field: "sumDate", dateOnly: true },
  upd_date_time: { field: "updDateTime", dateOnly: false },
}
const SORTABLE = new Set(["transactionHeadId", "transactionDateTime", "terminalTranDateTime", "sumDate", "updDateTime"])
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/

function instant(value: string, dateOnly: boolean): number {
  return dateOnly ? Date.parse(`${value}T00:00:00+09:00`) : Date.parse(value)
}

/** The list endpoint's rule: at least one complete date range, each of at most 31 days. The real detail text is unconfirmed. */
function rangeFilters(query: Record<string, string>): Array<(row: Json) => boolean> {
  const filters: Array<(row: Json) => boolean> = []
  for (const [name, { field, dateOnly }] of Object.entries(RANGES)) {
    const from = query[`${name}-from`]
    const to = query[`${name}-to`]
    if (from === undefined && to === undefined) continue
    if (from === undefined || to === undefined) problem(400, `${name}-from and ${name}-to must be given together`)
    const shape = dateOnly ? DATE_ONLY : ISO_WITH_OFFSET
    for (const [key, value] of [[`${name}-from`, from], [`${name}-to`, to]]) {
      if (!shape.test(value) || Number.isNaN(instant(value, dateOnly))) {
        problem(400, `${key} must be ${dateOnly ? "YYYY-MM-DD" : "YYYY-MM-DDThh:mm:ssTZD"} (got ${JSON.stringify(value)})`)
      }
    }
    const start = instant(from, dateOnly)
    const end = instant(to, dateOnly) + (dateOnly ? DAY_MS : 0)
    if (end < start) problem(400, `${name}-from is after ${name}-to`)
    if (end - start > MAX_RANGE_DAYS * DAY_MS) problem(400, `the ${name} range spans more than ${MAX_RANGE_DAYS} days`)
    filters.push((row) => {
      const value = row[field]
      if (typeof value !== "string") return false
      const at = instant(value, dateOnly)
      return at >= start && at < end + (dateOnly ? 0 : 1000)
    })
  }
  if (filters.length === 0) {
    problem(400, `one date range is required: ${Object.keys(RANGES).map((n) => `${n}-from/-to`).join(", ")} (at most ${MAX_RANGE_DAYS} days)`)
  }
  return filters
}

function compare(a: unknown, b: unknown): number {
  const x = a === undefined || a === null ? "" : String(a)
  const y = b === undefined || b === null ? "" : String(b)
  if (/^\d+$/.test(x) && /^\d+$/.test(y)) return Number(x) - Number(y)
  return x < y ? -1 : x > y ? 1 : 0
}

function parseSort(raw: string | undefined): Array<{ field: string; desc: boolean }> {
  if (raw === undefined) return [{ field: "transactionHeadId", desc: true }]
  return raw.split(",").map((part) => {
    const [field, dir, extra] = part.trim().split(":")
    if (!SORTABLE.has(field) || extra !== undefined || (dir !== undefined && dir !== "asc" && dir !== "desc")) {
      problem(400, `sort ${JSON.stringify(part)} is not "field" or "field:desc" of ${[...SORTABLE].join(", ")}`)
    }
    return { field, desc: dir === "desc" }
  })
}

export function headOnly(tx: Json): Json {
  const { details: _details, ...head } = tx
  return head
}

/** One page of heads (no details) matching the query. */
export function listTransactions(transactions: Map<string, Json>, query: Record<string, string>): Json[] {
  const filters = rangeFilters(query)
  const limit = positive(query.limit, "limit", DEFAULT_LIMIT, MAX_LIMIT)
  const page = positive(query.page, "page", 1)
  const sort = parseSort(query.sort)
  const exact: Array<[string, string]> = [
    ["customer_code", "customerCode"],
    ["store_id", "storeId"],
    ["transaction_head_division", "transactionHeadDivision"],
  ]
  const rows = [...transactions.values()].filter((tx) => {
    if (!filters.every((f) => f(tx))) return false
    if (exact.some(([q, field]) => query[q] !== undefined && String(tx[field]) !== query[q])) return false
    const id = Number(tx.transactionHeadId)
    if (query["transaction_head_id-from"] !== undefined && id < Number(query["transaction_head_id-from"])) return false
    if (query["transaction_head_id-to"] !== undefined && id > Number(query["transaction_head_id-to"])) return false
    return true
  })
  rows.sort((a, b) => {
    for (const { field, desc } of sort) {
      const c = compare(a[field], b[field])
      if (c !== 0) return desc ? -c : c
    }
    return 0
  })
  return rows.slice((page - 1) * limit, page * limit).map(headOnly)
}
