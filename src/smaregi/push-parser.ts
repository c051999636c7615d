import { describeType, isRecord } from "./describe-value"
import { describeJsonError } from "./json-diagnostics"
import { checkDetailRow, checkHeadRow, type SmaregiTransaction } from "./transaction-schema"

/** How `params` arrived: plain JSON, or JSON whose quotes were backslash-escaped once (`{\"data\":…}`). */
export type ParamsForm = "json" | "escaped_quotes"

export type ParsedPush = {
  procName: string | null
  paramsForm: ParamsForm
  agreementId: string | null
  extraParams: Record<string, string>
  transactions: SmaregiTransaction[]
  ignoredTables: string[]
}

export type PushParseErrorCode =
  | "missing_params"
  | "invalid_json"
  | "invalid_envelope"
  | "missing_head_table"
  | "empty_heads"
  | "invalid_head"
  | "invalid_detail"
  | "orphan_detail"
  | "duplicate_head"
  | "duplicate_detail"

export type PushParseError = { code: PushParseErrorCode; message: string; path?: string }

export type PushParseResult = { ok: true; value: ParsedPush } | { ok: false; error: PushParseError }

type Fields = Record<string, unknown>

const RESERVED_KEYS = new Set(["proc_name", "params"])

export function parseTransactionPush(
  body: Record<string, unknown> | string | undefined,
  query?: Record<string, unknown>
): PushParseResult {
  const form = normaliseBody(body)
  const q = query ?? {}

  const extraParams: Record<string, string> = {}
  for (const source of [q, form]) {
    for (const [key, value] of Object.entries(source)) {
      if (!RESERVED_KEYS.has(key) && typeof value === "string") {
        extraParams[key] = value
      }
    }
  }

  const procName = firstString(form.proc_name) ?? firstString(q.proc_name)
  const agreementId =
    nonEmpty(firstString(form.agreementId)) ??
    nonEmpty(firstString(form.agreement_id)) ??
    nonEmpty(firstString(q.agreementId)) ??
    nonEmpty(firstString(q.agreement_id))

  const envelope = readEnvelope(isPresent(form.params) ? form.params : q.params)
  if (!envelope.ok) {
    return envelope
  }
  const tables = readTables(envelope.value)
  if (!tables.ok) {
    return tables
  }
  const grouped = groupRows(tables.value.headRows, tables.value.detailRows)
  if (!grouped.ok) {
    return grouped
  }
  return {
    ok: true,
    value: {
      procName,
      paramsForm: envelope.form,
      agreementId,
      extraParams,
      transactions: grouped.value,
      ignoredTables: tables.value.ignored,
    },
  }
}

function fail(code: PushParseErrorCode, message: string, path?: string): { ok: false; error: PushParseError } {
  return { ok: false, error: path === undefined ? { code, message } : { code, message, path } }
}

function normaliseBody(body: Record<string, unknown> | string | undefined): Fields {
  if (body === undefined || body === null) {
    return {}
  }
  if (typeof body !== "string") {
    return body
  }
  const text = body.trim()
  if (text === "") {
    return {}
  }
  if (text.startsWith("{")) {
    // An unparsed JSON body: either the form fields as JSON or the bare params envelope.
    try {
      const parsed: unknown = JSON.parse(text)
      if (isRecord(parsed)) {
        return "data" in parsed && !("params" in parsed) ? { params: parsed } : parsed
      }
    } catch {
      return { params: text }
    }
  }
  const fields: Fields = {}
  for (const [key, value] of new URLSearchParams(text)) {
    if (!(key in fields)) {
      fields[key] = value
    }
  }
  return fields
}

function readEnvelope(
  params: unknown
): { ok: true; value: Record<string, unknown>; form: ParamsForm } | { ok: false; error: PushParseError } {
  let parsed: unknown = params
  let form: ParamsForm = "json"
  if (Array.isArray(params) && params.length > 0 && typeof params[0] === "string") {
    parsed = params[0]
  }
  if (!isPresent(parsed)) {
    return fail("missing_params", "params is missing: expected the form field params holding the JSON envelope")
  }
  if (typeof parsed === "string") {
    const decoded = parseParamsText(parsed)
    if (!decoded.ok) return decoded
    parsed = decoded.value
    form = decoded.form
  }
  if (!isRecord(parsed)) {
    return fail("invalid_envelope", `params must be a JSON object with a data array, got ${describeType(parsed)}`, "params")
  }
  if (!Array.isArray(parsed.data)) {
    return fail(
      "invalid_envelope",
      `params.data must be an array of tables, got ${describeType(parsed.data)}`,
      "params.data"
    )
  }
  return { ok: true, value: parsed, form }
}

/**
 * JSON.parse of params; when that fails and the text holds `\"`, once more after one level of
 * backslash-unescaping (a field-tested receiver strips such escapes: smaregi-v2.md §8).
 */
export function parseParamsText(
  text: string
): { ok: true; value: unknown; form: ParamsForm } | { ok: false; error: PushParseError } {
  try {
    return { ok: true, value: JSON.parse(text), form: "json" }
  } catch (e) {
    if (!text.includes('\\"')) return fail("invalid_json", describeJsonError(text, e), "params")
    const unescaped = unescapeQuotesOnce(text)
    try {
      return { ok: true, value: JSON.parse(unescaped), form: "escaped_quotes" }
    } catch (second) {
      return fail(
        "invalid_json",
        `${describeJsonError(text, e)}; with its backslash-escaped quotes unescaped once it is still not valid JSON: ${describeJsonError(
          unescaped,
          second
        ).replace(/^params is not valid JSON: /, "")}`,
        "params"
      )
    }
  }
}

/** `\"` becomes `"` and `\\` becomes `\`; every other escape (`\u3042`, `\n`, …) is kept for JSON.parse. */
export function unescapeQuotesOnce(text: string): string {
  return text.replace(/\\(["\\])/g, "$1")
}

type Tables = { headRows: unknown[]; detailRows: unknown[]; ignored: string[] }

function readTables(envelope: Record<string, unknown>): { ok: true; value: Tables } | { ok: false; error: PushParseError } {
  const data = envelope.data as unknown[]
  const tables: Tables = { headRows: [], detailRows: [], ignored: [] }
  let sawHeadTable = false
  for (const [i, table] of data.entries()) {
    const path = `params.data[${i}]`
    if (!isRecord(table)) {
      return fail("invalid_envelope", `${path} must be an object with table_name and rows, got ${describeType(table)}`, path)
    }
    if (typeof table.table_name !== "string" || table.table_name.trim() === "") {
      return fail("invalid_envelope", `${path}.table_name is missing`, `${path}.table_name`)
    }
    const name = table.table_name.trim()
    const kind = name.toLowerCase()
    if (kind !== "transactionhead" && kind !== "transactiondetail") {
      tables.ignored.push(name)
      continue
    }
    const rows = table.rows ?? []
    if (!Array.isArray(rows)) {
      return fail("invalid_envelope", `${path}.rows (${name}) must be an array, got ${describeType(rows)}`, `${path}.rows`)
    }
    if (kind === "transactionhead") {
      sawHeadTable = true
      tables.headRows.push(...rows)
    } else {
      tables.detailRows.push(...rows)
    }
  }
  if (!sawHeadTable) {
    return fail("missing_head_table", "params.data has no TransactionHead table", "params.data")
  }
  if (tables.headRows.length === 0) {
    return fail("empty_heads", "the TransactionHead table has no rows", "params.data")
  }
  return { ok: true, value: tables }
}

function groupRows(
  headRows: unknown[],
  detailRows: unknown[]
): { ok: true; value: SmaregiTransaction[] } | { ok: false; error: PushParseError } {
  const byId = new Map<string, { index: number; tx: SmaregiTransaction }>()
  const transactions: SmaregiTransaction[] = []
  for (const [index, row] of headRows.entries()) {
    const parsed = checkHeadRow(row, index)
    if (!parsed.ok) {
      return fail("invalid_head", parsed.message, `TransactionHead[${index}]`)
    }
    const id = parsed.value.transactionHeadId
    const previous = byId.get(id)
    if (previous) {
      return fail(
        "duplicate_head",
        `duplicate transactionHeadId ${id} in TransactionHead rows ${previous.index} and ${index}`,
        `TransactionHead[${index}].transactionHeadId`
      )
    }
    const tx: SmaregiTransaction = { head: parsed.value, details: [] }
    byId.set(id, { index, tx })
    transactions.push(tx)
  }

  const seenDetails = new Map<string, number>()
  for (const [index, row] of detailRows.entries()) {
    const parsed = checkDetailRow(row, index)
    if (!parsed.ok) {
      return fail("invalid_detail", parsed.message, `TransactionDetail[${index}]`)
    }
    const detail = parsed.value
    const owner = byId.get(detail.transactionHeadId)
    if (!owner) {
      return fail(
        "orphan_detail",
        `TransactionDetail row ${index}: transactionHeadId ${detail.transactionHeadId} has no TransactionHead in this push`,
        `TransactionDetail[${index}].transactionHeadId`
      )
    }
    const key = `${detail.transactionHeadId}/${detail.transactionDetailId}`
    const previous = seenDetails.get(key)
    if (previous !== undefined) {
      return fail(
        "duplicate_detail",
        `duplicate transactionDetailId ${detail.transactionDetailId} of transactionHeadId ${detail.transactionHeadId} in TransactionDetail rows ${previous} and ${index}`,
        `TransactionDetail[${index}].transactionDetailId`
      )
    }
    seenDetails.set(key, index)
    owner.tx.details.push(detail)
  }

  for (const tx of transactions) {
    tx.details.sort((a, b) => compareDigits(a.transactionDetailId, b.transactionDetailId))
  }
  return { ok: true, value: transactions }
}

function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, "")
  const y = b.replace(/^0+(?=\d)/, "")
  return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0)
}

function firstString(value: unknown): string | null {
  if (typeof value === "string") return value
  if (Array.isArray(value)) {
    const found = value.find((v): v is string => typeof v === "string")
    return found ?? null
  }
  return null
}

function nonEmpty(value: string | null): string | null {
  return value !== null && value.trim() !== "" ? value.trim() : null
}

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && !(typeof value === "string" && value.trim() === "")
}
