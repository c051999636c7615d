import { compareCells, isRecord, toCell } from "./cells"
import { fail } from "./errors"
import type { FakeRow } from "./types"

const MAX_DATE_RANGE_DAYS = 31
const MAX_HEAD_ID_RANGE = 100_000
const RANGE_RULE =
  "TransactionHead/TransactionDetail lookups need, in the first condition object, a transactionHeadId (one id, or a From–To range of at most 100,000 ids) or a closed From–To date range of at most 31 days (e.g. updDateTime >= and updDateTime <)"

function likeToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/%/g, ".*").replace(/_/g, ".")
  return new RegExp(`^${escaped}$`, "s")
}

export type ParsedKey = { field: string; op: string; value: string | null }

/** Every condition object, each as its parsed keys; syntax is checked on all of them. */
export function parseConditionObjects(raw: unknown): ParsedKey[][] {
  if (raw === undefined || raw === null) return []
  const list = Array.isArray(raw) ? raw : isRecord(raw) ? [raw] : null
  if (!list) fail(41, "conditions must be an array of objects", "conditions")
  return list.map((condition, i) => {
    if (!isRecord(condition)) fail(41, `conditions[${i}] must be an object`, "conditions")
    return Object.entries(condition).map(([key, value]) => {
      const match = /^\s*([A-Za-z][A-Za-z0-9_]*)\s*(>=|<=|>|<|=|like)?\s*$/i.exec(key)
      if (!match) fail(41, `conditions[${i}]: unsupported key ${JSON.stringify(key)}`, "conditions")
      return { field: match[1], op: (match[2] ?? "=").toLowerCase(), value: toCell(value) }
    })
  })
}

export function conditionTest(keys: ParsedKey[]): (row: FakeRow) => boolean {
  const tests = keys.map(({ field, op, value: expected }) => (row: FakeRow): boolean => {
    const actual = row[field] ?? null
    if (op === "=") return compareCells(actual, expected) === 0
    if (actual === null || expected === null) return false
    if (op === "like") return likeToRegExp(expected).test(actual)
    const c = compareCells(actual, expected)
    return op === ">=" ? c >= 0 : op === "<=" ? c <= 0 : op === ">" ? c > 0 : c < 0
  })
  return (row: FakeRow) => tests.every((t) => t(row))
}

const DAY_MS = 86_400_000

function dateValueMs(value: string | null): { ms: number; dateOnly: boolean } | null {
  const match = value === null ? null : /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value)
  if (!match) return null
  const [, y, mo, d, h, mi, sec] = match
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(sec ?? 0))
  return Number.isNaN(ms) ? null : { ms, dateOnly: h === undefined }
}

/** The range rule (smaregi-v2.md §1, admin ver. 4.10.0): refuses a lookup whose first condition object is not bounded. */
export function checkTransactionRange(first: ParsedKey[] | undefined): void {
  const keys = first ?? []
  const bounds = new Map<string, { lower?: ParsedKey; upper?: ParsedKey }>()
  for (const key of keys) {
    if (key.field === "transactionHeadId" && key.op === "=" && key.value !== null && /^\d+$/.test(key.value)) return
    const entry = bounds.get(key.field) ?? {}
    if (key.op === ">=" || key.op === ">") entry.lower = key
    if (key.op === "<=" || key.op === "<") entry.upper = key
    bounds.set(key.field, entry)
  }
  const problems: string[] = []
  for (const [field, { lower, upper }] of bounds) {
    if (!lower || !upper) continue
    if (field === "transactionHeadId") {
      const span = Number(upper.value) - Number(lower.value)
      if (Number.isFinite(span) && span >= 0 && span <= MAX_HEAD_ID_RANGE) return
      problems.push(`the transactionHeadId range spans ${Number.isFinite(span) ? span : "?"} ids (at most ${MAX_HEAD_ID_RANGE})`)
      continue
    }
    const from = dateValueMs(lower.value)
    const to = dateValueMs(upper.value)
    if (!from || !to) continue
    const fromMs = from.ms + (lower.op === ">" && from.dateOnly ? DAY_MS : 0)
    const toMs = to.ms + (upper.op === "<=" && to.dateOnly ? DAY_MS : 0)
    const span = toMs - fromMs
    if (span >= 0 && span <= MAX_DATE_RANGE_DAYS * DAY_MS) return
    problems.push(`the ${field} range spans ${(span / DAY_MS).toFixed(2)} days (at most ${MAX_DATE_RANGE_DAYS})`)
  }
  fail(41, `${RANGE_RULE}${problems.length ? `; ${problems.join("; ")}` : ""}`, "検索条件には31日以内の期間かtransactionHeadIdが必要です")
}
