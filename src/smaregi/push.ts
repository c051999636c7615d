import { z } from "@medusajs/framework/zod"

/** Smaregi sends every value as a string (or null); numbers are accepted and coerced so nothing valid is refused. */
const smaregiValue = z.union([z.string(), z.number()]).transform(String).nullable().optional()

const idValue = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .pipe(z.string().regex(/^\d+$/))

function fieldsShape<const K extends string>(names: readonly K[]): { [P in K]: typeof smaregiValue } {
  return Object.fromEntries(names.map((name) => [name, smaregiValue])) as { [P in K]: typeof smaregiValue }
}

export const TRANSACTION_HEAD_FIELDS = [
  "transactionDateTime",
  "transactionHeadDivision",
  "cancelDivision",
  "cancelDateTime",
  "disposeDivision",
  "disposeServerTransactionHeadId",
  "unitNonDiscountsubtotal",
  "unitDiscountsubtotal",
  "subtotal",
  "subtotalForDiscount",
  "subtotalDiscountPrice",
  "subtotalDiscountRate",
  "subtotalDiscountDivision",
  "pointDiscount",
  "couponDiscount",
  "total",
  "taxInclude",
  "taxExclude",
  "roundingDivision",
  "roundingPrice",
  "cashTotal",
  "creditTotal",
  "deposit",
  "depositCash",
  "depositCredit",
  "charge",
  "changeDifference",
  "amount",
  "returnAmount",
  "newPoint",
  "spendPoint",
  "point",
  "totalPoint",
  "storeId",
  "storeCode",
  "terminalId",
  "terminalTranId",
  "terminalTranDateTime",
  "customerId",
  "customerCode",
  "customerRank",
  "customerGroupId",
  "customerGroupId2",
  "customerGroupId3",
  "customerGroupId4",
  "customerGroupId5",
  "staffId",
  "staffCode",
  "staffName",
  "memo",
  "receiptMemo",
  "paymentMethodId1",
  "paymentMethodName1",
  "depositOthers1",
  "paymentMethodId2",
  "paymentMethodName2",
  "depositOthers2",
  "paymentMethodId3",
  "paymentMethodName3",
  "depositOthers3",
  "carriage",
  "commission",
  "taxRate",
  "taxRounding",
  "sellDivision",
  "updDateTime",
] as const

export const TRANSACTION_DETAIL_FIELDS = [
  "parentTransactionDetailId",
  "transactionDetailDivision",
  "transactionDateTime",
  "productId",
  "productCode",
  "productName",
  "color",
  "size",
  "groupCode",
  "taxDivision",
  "price",
  "salesPrice",
  "unitDiscountPrice",
  "unitDiscountRate",
  "unitDiscountDivision",
  "quantity",
  "unitNonDiscountSum",
  "unitDiscountSum",
  "unitDiscountedSum",
  "discountPriceProportional",
  "discountPointProportional",
  "discountCouponProportional",
  "taxIncludeProportional",
  "taxExcludeProportional",
  "categoryId",
  "categoryName",
  "taxRate",
  "reduceTaxId",
  "reduceTaxName",
  "reduceTaxRate",
  "updDateTime",
] as const

export const transactionHeadSchema = z.looseObject({
  transactionHeadId: idValue,
  ...fieldsShape(TRANSACTION_HEAD_FIELDS),
})

export const transactionDetailSchema = z.looseObject({
  transactionHeadId: idValue,
  transactionDetailId: idValue,
  ...fieldsShape(TRANSACTION_DETAIL_FIELDS),
})

export type TransactionHead = z.output<typeof transactionHeadSchema>
export type TransactionDetail = z.output<typeof transactionDetailSchema>
export type SmaregiTransaction = { head: TransactionHead; details: TransactionDetail[] }

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
const ID_FIELDS = new Set(["transactionHeadId", "transactionDetailId"])

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

export function headCount(push: ParsedPush): number {
  return push.transactions.length
}

export function smaregiAckBody(n: number): { result: Array<{ TransactionHead: number }> } {
  return { result: [{ TransactionHead: n }] }
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
    const parsed = validateRow(transactionHeadSchema, HEAD_ROW, row, "TransactionHead", index)
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
    const parsed = validateRow(transactionDetailSchema, DETAIL_ROW, row, "TransactionDetail", index)
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

type RowShape = { ids: readonly string[]; fields: readonly string[] }
const HEAD_ROW: RowShape = { ids: ["transactionHeadId"], fields: TRANSACTION_HEAD_FIELDS }
const DETAIL_ROW: RowShape = { ids: ["transactionHeadId", "transactionDetailId"], fields: TRANSACTION_DETAIL_FIELDS }

/** What the row schema outputs, without zod, for the rows it accepts; null sends the row to zod (for the message). */
export function fastRow(row: Record<string, unknown>, shape: RowShape): Record<string, unknown> | null {
  const out: Record<string, unknown> = { ...row }
  for (const id of shape.ids) {
    const value = row[id]
    if (typeof value !== "string" && !(typeof value === "number" && Number.isFinite(value))) return null
    const text = String(value).trim()
    if (!/^\d+$/.test(text)) return null
    out[id] = text
  }
  for (const field of shape.fields) {
    const value = row[field]
    if (value === undefined || value === null || typeof value === "string") continue
    if (typeof value !== "number" || !Number.isFinite(value)) return null
    out[field] = String(value)
  }
  return out
}

const PROTOTYPE_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype))

/**
 * A row key such as `hasOwnProperty` or `constructor` is no Smaregi field, and it would shadow the object's
 * own methods wherever the stored row travels (Medusa's workflow engine calls them): it is dropped here.
 * The raw request keeps it.
 */
function withoutPrototypeKeys(row: Record<string, unknown>): Record<string, unknown> {
  for (const key in row) if (PROTOTYPE_KEYS.has(key)) delete row[key]
  return row
}

export type RowCheck<T> = { ok: true; value: T } | { ok: false; message: string }

/**
 * A TransactionHead row from anywhere (a push, a `transaction_ref` answer): validated and cleaned the same
 * way, so a hostile key read back from Smaregi never reaches the inbox either.
 */
export function checkHeadRow(row: unknown, index = 0): RowCheck<TransactionHead> {
  return validateRow(transactionHeadSchema, HEAD_ROW, row, "TransactionHead", index)
}

/** A TransactionDetail row from anywhere, as `checkHeadRow`. */
export function checkDetailRow(row: unknown, index = 0): RowCheck<TransactionDetail> {
  return validateRow(transactionDetailSchema, DETAIL_ROW, row, "TransactionDetail", index)
}

function validateRow<T>(
  schema: z.ZodType<T>,
  shape: RowShape,
  row: unknown,
  table: string,
  index: number
): RowCheck<T> {
  if (!isRecord(row)) {
    return { ok: false, message: `${table} row ${index}: must be an object, got ${describeType(row)}` }
  }
  const fast = fastRow(row, shape)
  if (fast) return { ok: true, value: withoutPrototypeKeys(fast) as T }
  const result = schema.safeParse(row)
  if (result.success) {
    return { ok: true, value: withoutPrototypeKeys(result.data as Record<string, unknown>) as T }
  }
  const fields = [...new Set(result.error.issues.map((issue) => String(issue.path[0] ?? "")))]
  const field = fields[0] ?? ""
  const more = fields.length > 1 ? ` (and ${fields.length - 1} more field${fields.length > 2 ? "s" : ""})` : ""
  return { ok: false, message: `${table} row ${index}: ${describeFieldProblem(field, row[field])}${more}` }
}

function describeFieldProblem(field: string, value: unknown): string {
  if (ID_FIELDS.has(field)) {
    if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
      return `${field} is required`
    }
    if (typeof value === "string" || typeof value === "number") {
      return `${field} must be digits, got ${JSON.stringify(value)}`
    }
  }
  return `${field} must be a string, number or null, got ${describeType(value)}`
}

function describeJsonError(text: string, error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error)
  const reported = /at position (\d+)/.exec(raw)
  const position = reported ? Number(reported[1]) : safeLocateJsonError(text)
  const reason = raw
    .replace(/^(Unexpected token '.+?'), .* is not valid JSON$/s, "$1")
    .replace(/ in JSON at position \d+.*$/s, "")
    .trim()
  const before = text.slice(0, position)
  const line = before.split("\n").length
  const column = position - before.lastIndexOf("\n")
  const near = text.slice(position, position + 20)
  return `params is not valid JSON: ${reason} at position ${position} (line ${line}, column ${column})${
    near ? ` near ${JSON.stringify(near)}` : ""
  }`
}

// The locator recurses per nesting level; hostile nesting must still give a message, not a stack overflow.
function safeLocateJsonError(text: string): number {
  try {
    return locateJsonError(text)
  } catch (error) {
    if (error instanceof RangeError) return text.length
    throw error
  }
}

/** Offset of the first character that breaks the JSON grammar (text.length when the input ends early). */
export function locateJsonError(text: string): number {
  let i = 0
  const ws = (): void => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++
  }
  const literal = (word: string): boolean => {
    for (const ch of word) {
      if (text[i] !== ch) return false
      i++
    }
    return true
  }
  const string = (): boolean => {
    i++
    while (i < text.length) {
      const ch = text[i]!
      if (ch === '"') {
        i++
        return true
      }
      if (ch < " ") return false
      if (ch === "\\") {
        i++
        const esc = text[i]
        if (esc === "u") {
          for (let k = 0; k < 4; k++) {
            i++
            if (!/[0-9a-fA-F]/.test(text[i] ?? "")) return false
          }
        } else if (esc === undefined || !'"\\/bfnrt'.includes(esc)) {
          return false
        }
      }
      i++
    }
    return false
  }
  const number = (): boolean => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i))
    if (!match) return false
    i += match[0].length
    return true
  }
  const value = (): boolean => {
    ws()
    const ch = text[i]
    if (ch === "{") {
      i++
      ws()
      if (text[i] === "}") {
        i++
        return true
      }
      for (;;) {
        ws()
        if (text[i] !== '"' || !string()) return false
        ws()
        if (text[i] !== ":") return false
        i++
        if (!value()) return false
        ws()
        if (text[i] === ",") {
          i++
          continue
        }
        if (text[i] === "}") {
          i++
          return true
        }
        return false
      }
    }
    if (ch === "[") {
      i++
      ws()
      if (text[i] === "]") {
        i++
        return true
      }
      for (;;) {
        if (!value()) return false
        ws()
        if (text[i] === ",") {
          i++
          continue
        }
        if (text[i] === "]") {
          i++
          return true
        }
        return false
      }
    }
    if (ch === '"') return string()
    if (ch === "t") return literal("true")
    if (ch === "f") return literal("false")
    if (ch === "n") return literal("null")
    return number()
  }
  if (value()) {
    ws()
  }
  return Math.min(i, text.length)
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

function describeType(value: unknown): string {
  if (value === null) return "null"
  if (Array.isArray(value)) return "an array"
  if (typeof value === "string") return value.trim() === "" ? "an empty string" : "a string"
  if (typeof value === "object") return "an object"
  return typeof value
}
