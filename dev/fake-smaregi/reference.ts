// customer_ref and transaction_ref: conditions, order, paging and the transaction range rule.
import { CUSTOMER_FIELD_NAMES } from "../../src/smaregi/customer-fields"
import { compareCells } from "./cells"
import { checkTransactionRange, conditionTest, parseConditionObjects } from "./conditions"
import { fail } from "./errors"
import type { Answer, ContractData, FakeRow } from "./types"

const MAX_REF_LIMIT = 1000
/** A larger `limit` is accepted but silently answered with at most this many rows (smaregi-v2.md §1). */
const MAX_PAGE_ROWS = 500
const DEFAULT_REF_LIMIT = 100

const CUSTOMER_COLUMNS = [...CUSTOMER_FIELD_NAMES, "insDateTime", "updDateTime"]

function parseOrder(raw: unknown, defaults: string[]): Array<{ field: string; desc: boolean }> {
  const list = raw === undefined || raw === null ? defaults : Array.isArray(raw) ? raw : [raw]
  return list.map((entry) => {
    const match = typeof entry === "string" ? /^\s*([A-Za-z][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$/i.exec(entry) : null
    if (!match) fail(41, `invalid order ${JSON.stringify(entry)}`, "order")
    return { field: match[1], desc: (match[2] ?? "asc").toLowerCase() === "desc" }
  })
}

function positiveInt(raw: unknown, fallback: number, field: string, max?: number): number {
  if (raw === undefined || raw === null) return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1 || (max !== undefined && n > max)) {
    fail(41, `${field} must be an integer from 1${max !== undefined ? ` to ${max}` : ""} (got ${JSON.stringify(raw)})`, field)
  }
  return n
}

function runRef(
  rows: FakeRow[],
  params: Record<string, unknown>,
  columns: string[] | null,
  defaultOrder: string[],
  rangeRule = false
): Answer {
  const conditions = parseConditionObjects(params.conditions)
  if (rangeRule) checkTransactionRange(conditions[0])
  // Only the first condition object counts: whether several are OR-ed is unverified, so the fake assumes the worst.
  const test = conditions.length > 0 ? conditionTest(conditions[0]) : () => true
  const order = parseOrder(params.order, defaultOrder)
  const limit = Math.min(MAX_PAGE_ROWS, positiveInt(params.limit, DEFAULT_REF_LIMIT, "limit", MAX_REF_LIMIT))
  const page = positiveInt(params.page, 1, "page")
  let fields: string[] | null = null
  if (params.fields !== undefined && params.fields !== null) {
    if (!Array.isArray(params.fields) || !params.fields.every((f) => typeof f === "string")) {
      fail(41, "fields must be an array of field names", "fields")
    }
    fields = params.fields.length > 0 ? (params.fields as string[]) : null
  }

  const matched = rows.filter(test)
  matched.sort((a, b) => {
    for (const { field, desc } of order) {
      const c = compareCells(a[field] ?? null, b[field] ?? null)
      if (c !== 0) return desc ? -c : c
    }
    return 0
  })
  const pageRows = matched.slice((page - 1) * limit, page * limit).map((row) => {
    const keys = fields ?? columns ?? Object.keys(row)
    return Object.fromEntries(keys.map((k) => [k, row[k] ?? null]))
  })
  return { status: 200, body: { total_count: String(matched.length), result: pageRows } }
}

export function reference(procName: string, d: ContractData, params: Record<string, unknown>): Answer {
  const table = params.table_name
  if (procName === "customer_ref") {
    if (table !== "Customer") fail(31, `customer_ref table_name must be Customer (got ${JSON.stringify(table)})`)
    return runRef([...d.members.values()], params, CUSTOMER_COLUMNS, ["customerId"])
  }
  if (table === "TransactionHead") return runRef(d.heads, params, null, ["transactionHeadId"], true)
  if (table === "TransactionDetail") return runRef(d.details, params, null, ["transactionHeadId", "transactionDetailId"], true)
  return fail(31, `transaction_ref table_name must be TransactionHead or TransactionDetail (got ${JSON.stringify(table)})`)
}
