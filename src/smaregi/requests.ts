import type { CustomerRow } from "./customer-fields"

export const MAX_UPD_ROWS = 500
export const MAX_REF_LIMIT = 1000
/** Smaregi answers at most this many rows per `*_ref` page, whatever `limit` asks (smaregi-v2.md §1). */
export const MAX_REF_PAGE_ROWS = 500

export type ProcDivision = "U" | "D"

export type CustomerUpdParams = {
  proc_info: { proc_division: ProcDivision }
  data: [{ table_name: "Customer"; rows: Array<Partial<CustomerRow>> }]
}

export const REF_TABLES = {
  customer_ref: ["Customer"],
  transaction_ref: ["TransactionHead", "TransactionDetail"],
} as const

export type RefProcName = keyof typeof REF_TABLES
export type RefTable = (typeof REF_TABLES)[RefProcName][number]

export const CONDITION_OPERATORS = [">=", "<=", ">", "<", "like"] as const

/** Objects are OR-ed, keys inside one object AND-ed; a key may carry an operator suffix ("updDateTime >="). */
export type RefCondition = Record<string, string | number>

export type RefQuery = {
  table: RefTable
  fields?: string[]
  conditions?: RefCondition[]
  order?: string[]
  limit?: number
  page?: number
}

export type RefParams = {
  table_name: RefTable
  fields?: string[]
  conditions?: Array<Record<string, string>>
  order?: string[]
  limit?: number
  page?: number
}

const FIELD_RE = /^[A-Za-z][A-Za-z0-9_]*$/
const CONDITION_KEY_RE = /^([A-Za-z][A-Za-z0-9_]*)(?: (>=|<=|>|<|like))?$/
const ORDER_RE = /^[A-Za-z][A-Za-z0-9_]*(?: (?:asc|desc))?$/i

export function customerUpdParams(rows: readonly CustomerRow[], procDivision: ProcDivision): CustomerUpdParams {
  if (procDivision !== "U" && procDivision !== "D") {
    throw new RangeError(`customer_upd: proc_division must be "U" or "D" (got ${JSON.stringify(procDivision)})`)
  }
  if (rows.length === 0) throw new RangeError("customer_upd: at least one row is required")
  if (rows.length > MAX_UPD_ROWS) {
    throw new RangeError(`customer_upd: at most ${MAX_UPD_ROWS} rows per call (got ${rows.length})`)
  }
  const encoded = rows.map((row, i) => {
    if (!row.customerId) throw new RangeError(`customer_upd: row ${i} has no customerId`)
    return procDivision === "D" ? { customerId: row.customerId } : { ...row }
  })
  return { proc_info: { proc_division: procDivision }, data: [{ table_name: "Customer", rows: encoded }] }
}

export function refParams(query: RefQuery): RefParams {
  const tables: readonly string[] = [...REF_TABLES.customer_ref, ...REF_TABLES.transaction_ref]
  if (!tables.includes(query.table)) {
    throw new RangeError(`ref: table must be one of ${tables.join(", ")} (got ${JSON.stringify(query.table)})`)
  }
  const params: RefParams = { table_name: query.table }

  if (query.fields !== undefined) {
    const bad = query.fields.find((f) => !FIELD_RE.test(f))
    if (bad !== undefined) throw new RangeError(`ref: invalid field name ${JSON.stringify(bad)}`)
    params.fields = [...query.fields]
  }
  if (query.conditions !== undefined && query.conditions.length > 0) {
    params.conditions = query.conditions.map((condition, i) => {
      const entries = Object.entries(condition)
      if (entries.length === 0) throw new RangeError(`ref: conditions[${i}] is empty`)
      return Object.fromEntries(
        entries.map(([key, value]) => {
          if (!CONDITION_KEY_RE.test(key)) {
            throw new RangeError(
              `ref: conditions[${i}] key ${JSON.stringify(key)} must be a field name, optionally followed by one of ${CONDITION_OPERATORS.join(" ")}`
            )
          }
          if (typeof value === "number" && !Number.isFinite(value)) {
            throw new RangeError(`ref: conditions[${i}].${key} must be a finite number`)
          }
          return [key, String(value)]
        })
      )
    })
  }
  if (query.order !== undefined && query.order.length > 0) {
    const bad = query.order.find((o) => !ORDER_RE.test(o))
    if (bad !== undefined) throw new RangeError(`ref: invalid order ${JSON.stringify(bad)} (use "field" or "field desc")`)
    params.order = [...query.order]
  }
  if (query.limit !== undefined) {
    if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_REF_LIMIT) {
      throw new RangeError(`ref: limit must be an integer from 1 to ${MAX_REF_LIMIT} (got ${query.limit})`)
    }
    params.limit = query.limit
  }
  if (query.page !== undefined) {
    if (!Number.isInteger(query.page) || query.page < 1) {
      throw new RangeError(`ref: page must be a positive integer (got ${query.page})`)
    }
    params.page = query.page
  }
  return params
}

/** The exact x-www-form-urlencoded body Smaregi expects; JSON.stringify leaves no raw newlines. */
export function encodeForm(procName: string, params: unknown): string {
  return `proc_name=${encodeURIComponent(procName)}&params=${encodeURIComponent(JSON.stringify(params))}`
}
