// A Platform API transaction (GET /pos/transactions/{id}?with_details=all) in the v2 shape the pipeline
// consumes (transaction-schema.ts `SmaregiTransaction`): classify, order-input and the inbox need not know the transport.
import {
  type SmaregiTransaction,
  type TransactionDetail,
  type TransactionHead,
  transactionDetailSchema,
  transactionHeadSchema,
} from "../transaction-schema"

export type PlatformNormaliseErrorCode =
  | "invalid_transaction"
  | "missing_details"
  | "invalid_details"
  | "invalid_deposit_others"
  | "invalid_datetime"
  | "invalid_value"
  | "invalid_head"
  | "invalid_detail"
  | "duplicate_detail"

export type PlatformNormaliseError = { code: PlatformNormaliseErrorCode; message: string; path: string }

export type PlatformNormaliseResult = { ok: true; value: SmaregiTransaction } | { ok: false; error: PlatformNormaliseError }

/** Nested objects the detail endpoint can attach; none is a v2 head field. */
const NESTED_KEYS = new Set([
  "details",
  "depositOthers",
  "coupons",
  "couponItems",
  "store",
  "customer",
  "customerGroups",
  "staff",
  "layaway",
  "layawayPickUp",
])

const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})$/
const V2_DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/
const JST_OFFSET_MS = 9 * 3_600_000
const PROTOTYPE_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype))

class NormaliseFailure extends Error {
  constructor(readonly detail: PlatformNormaliseError) {
    super(detail.message)
  }
}

function fail(code: PlatformNormaliseErrorCode, path: string, message: string): never {
  throw new NormaliseFailure({ code, path, message: `${path}: ${message}` })
}

/**
 * ISO 8601 with an offset ("2026-05-10T14:03:22+09:00", "…Z") → v2's JST wall clock "2026-05-10 14:03:22";
 * a value already in the v2 form is kept; null for anything else.
 */
export function isoToJstWallClock(value: string): string | null {
  const text = value.trim()
  if (V2_DATETIME.test(text)) return text
  const m = ISO_DATETIME.exec(text)
  if (!m) return null
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number)
  const wall = new Date(Date.UTC(y, mo - 1, d, h, mi, s))
  if (wall.getUTCMonth() !== mo - 1 || wall.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null
  const at = Date.parse(text)
  if (Number.isNaN(at)) return null
  return new Date(Math.floor(at / 1000) * 1000 + JST_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ")
}

/** v2's JST wall clock "YYYY-MM-DD HH:MM:SS" → the ISO form with +09:00 the Platform API's query parameters take. */
export function jstWallClockToIso(value: string): string {
  if (!V2_DATETIME.test(value)) throw new RangeError(`not a JST "YYYY-MM-DD HH:MM:SS" time: ${JSON.stringify(value)}`)
  return `${value.replace(" ", "T")}+09:00`
}

function describe(value: unknown): string {
  if (value === null) return "null"
  if (Array.isArray(value)) return "an array"
  return typeof value === "object" ? "an object" : typeof value
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

/** Scalars as v2 sends them: strings (numbers and booleans as text), null kept, `…DateTime` fields in JST. */
function cell(value: unknown, key: string, path: string): string | null {
  if (value === null || value === undefined) return null
  let text: string
  if (typeof value === "string") text = value
  else if (typeof value === "number" && Number.isFinite(value)) text = String(value)
  else if (typeof value === "boolean") text = value ? "1" : "0"
  else return fail("invalid_value", `${path}.${key}`, `must be a string, number, boolean or null, got ${describe(value)}`)
  if (key.endsWith("DateTime") && text.trim() !== "") {
    const jst = isoToJstWallClock(text)
    if (jst === null) fail("invalid_datetime", `${path}.${key}`, `is not an ISO 8601 date-time with an offset: ${JSON.stringify(text)}`)
    return jst
  }
  return text
}

function scalars(raw: Record<string, unknown>, path: string, skip: Set<string>): Record<string, string | null> {
  const out: Record<string, string | null> = {}
  for (const [key, value] of Object.entries(raw)) {
    if (skip.has(key) || PROTOTYPE_KEYS.has(key)) continue
    // Objects the API may add later are no v2 field; they are left out rather than refused.
    if (isRecord(value) || Array.isArray(value)) continue
    out[key] = cell(value, key, path)
  }
  return out
}

/** `depositOthers[]` → v2's numbered paymentMethodIdN / paymentMethodNameN / depositOthersN, in `no` order. */
function depositSlots(raw: unknown): Record<string, string | null> {
  if (raw === undefined || raw === null) return {}
  if (!Array.isArray(raw)) fail("invalid_deposit_others", "depositOthers", `must be an array, got ${describe(raw)}`)
  const entries = raw.map((entry, i) => {
    if (!isRecord(entry)) fail("invalid_deposit_others", `depositOthers[${i}]`, `must be an object, got ${describe(entry)}`)
    const no = entry.no === undefined || entry.no === null ? i + 1 : Number(entry.no)
    if (!Number.isInteger(no)) fail("invalid_deposit_others", `depositOthers[${i}].no`, `must be an integer, got ${JSON.stringify(entry.no)}`)
    return { no, index: i, entry }
  })
  entries.sort((a, b) => a.no - b.no || a.index - b.index)
  const slots: Record<string, string | null> = {}
  entries.forEach(({ entry, index }, n) => {
    const path = `depositOthers[${index}]`
    slots[`paymentMethodId${n + 1}`] = cell(entry.paymentMethodId, "paymentMethodId", path)
    slots[`paymentMethodName${n + 1}`] = cell(entry.paymentMethodName, "paymentMethodName", path)
    slots[`depositOthers${n + 1}`] = cell(entry.depositOthers, "depositOthers", path)
  })
  return slots
}

function parsed<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, row: Record<string, string | null>, code: PlatformNormaliseErrorCode, path: string): T {
  const result = schema.safeParse(row)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const field = String(issue?.path[0] ?? "")
  const value = row[field]
  const problem = value === undefined || value === null || value === "" ? "is required" : `must be digits, got ${JSON.stringify(value)}`
  return fail(code, `${path}.${field}`, problem)
}

/**
 * Maps one Platform transaction with its details to the v2 `{ head, details }`: `change` becomes `charge`,
 * `depositOthers[]` the numbered payment fields, ISO date-times JST wall clock, every value a string; detail rows
 * get the head's transactionDateTime/updDateTime (the Platform API leaves them out). Errors name the field.
 */
export function normalisePlatformTransaction(raw: unknown): PlatformNormaliseResult {
  try {
    return { ok: true, value: normalise(raw) }
  } catch (error) {
    if (error instanceof NormaliseFailure) return { ok: false, error: error.detail }
    throw error
  }
}

export type PlatformHeadResult = { ok: true; value: Record<string, string | null> } | { ok: false; error: PlatformNormaliseError }

/** One head of GET /pos/transactions (no details) as the v2 TransactionHead row: the same mapping as a full transaction's head. */
export function normalisePlatformHead(raw: unknown): PlatformHeadResult {
  try {
    const row = v2HeadRow(raw)
    parsed(transactionHeadSchema, row, "invalid_head", "transaction")
    return { ok: true, value: row }
  } catch (error) {
    if (error instanceof NormaliseFailure) return { ok: false, error: error.detail }
    throw error
  }
}

function v2HeadRow(raw: unknown): Record<string, string | null> {
  if (!isRecord(raw)) fail("invalid_transaction", "transaction", `must be an object, got ${describe(raw)}`)
  const headRow = scalars(raw, "transaction", NESTED_KEYS)
  if ("change" in headRow) {
    headRow.charge ??= headRow.change
    delete headRow.change
  }
  Object.assign(headRow, depositSlots(raw.depositOthers))
  return headRow
}

function normalise(raw: unknown): SmaregiTransaction {
  if (!isRecord(raw)) fail("invalid_transaction", "transaction", `must be an object, got ${describe(raw)}`)
  const head: TransactionHead = parsed(transactionHeadSchema, v2HeadRow(raw), "invalid_head", "transaction")

  if (raw.details === undefined || raw.details === null) {
    fail("missing_details", "transaction.details", "is missing: fetch the transaction with with_details=all")
  }
  if (!Array.isArray(raw.details)) fail("invalid_details", "transaction.details", `must be an array, got ${describe(raw.details)}`)
  const seen = new Map<string, number>()
  const details = raw.details.map((rawDetail, i): TransactionDetail => {
    const path = `transaction.details[${i}]`
    if (!isRecord(rawDetail)) fail("invalid_detail", path, `must be an object, got ${describe(rawDetail)}`)
    const row = scalars(rawDetail, path, new Set())
    row.transactionHeadId ??= head.transactionHeadId
    if (String(row.transactionHeadId).trim() !== head.transactionHeadId) {
      fail("invalid_detail", `${path}.transactionHeadId`, `is ${JSON.stringify(row.transactionHeadId)}, not the transaction's ${head.transactionHeadId}`)
    }
    row.transactionDateTime ??= head.transactionDateTime ?? null
    row.updDateTime ??= head.updDateTime ?? null
    const detail: TransactionDetail = parsed(transactionDetailSchema, row, "invalid_detail", path)
    const previous = seen.get(detail.transactionDetailId)
    if (previous !== undefined) {
      fail("duplicate_detail", `${path}.transactionDetailId`, `${detail.transactionDetailId} is also details[${previous}]'s`)
    }
    seen.set(detail.transactionDetailId, i)
    return detail
  })
  details.sort((a, b) => Number(a.transactionDetailId) - Number(b.transactionDetailId))
  return { head, details }
}
