import http from "node:http"
import https from "node:https"
import type { AddressInfo, Socket } from "node:net"
import { CUSTOMER_FIELD_NAMES } from "../../src/smaregi/customer-fields"
import {
  CUSTOMER_UPD_REQUIRED_FIELDS,
  missingUpdFields,
  normalizeCustomerRow,
} from "../../src/smaregi/normalize-customer"
import { SMAREGI_ERROR_CODES } from "../../src/smaregi/errors"

export type FakeContract = { contractId: string; accessToken: string }

export type FakeSmaregiOptions = {
  port?: number
  host?: string
  contracts?: FakeContract[]
  /** First transactionHeadId given to seeded transactions that have none. */
  idStart?: number
  /** Serve HTTPS with this key and certificate (PEM), as a production store requires of its apiUrl. */
  tls?: { key: string | Buffer; cert: string | Buffer }
}

export type FakeRow = Record<string, string | null>

export type FakeRequest = {
  time: number
  method: string
  path: string
  procName: string | null
  params: unknown
  headers: Array<[string, string]>
  status: number | null
  errorCode: number | null
}

export type FaultSpec = {
  latencyMs?: number
  status?: 500 | 503 | 429
  smaregiError?: { code: number; message?: string; description?: string; httpStatus?: number }
  drop?: boolean
  stallMs?: number
  /** Answer verbatim (e.g. a 200 without `result`). */
  respond?: { status: number; body: unknown; headers?: Record<string, string> }
  /** How many following requests the fault hits (default 1; -1 = until reset/clearFaults). */
  times?: number
  /** Only requests for these procedures (proc_name) meet the fault and count against `times`; others pass it by. */
  procedures?: string[]
  rateLimitPerSecond?: number | null
  retryAfterSeconds?: number
  disabledProcedures?: string[]
}

export type SeedTransaction = { head: Record<string, unknown>; details?: Array<Record<string, unknown>> }

export type FakeStats = {
  requests: number
  rateLimitViolations: number
  maxObservedPerSecond: number
  members: number
  transactions: number
}

export interface FakeSmaregi {
  readonly url: string
  readonly port: number
  /** Members of the first contract, keyed by customerId. */
  readonly members: Map<string, FakeRow>
  readonly requests: FakeRequest[]
  readonly rateLimitViolations: number
  readonly maxObservedPerSecond: number
  membersOf(contractId: string): Map<string, FakeRow>
  seedMembers(rows: Array<Record<string, unknown>>, contractId?: string): void
  seedTransactions(transactions: SeedTransaction[], contractId?: string): string[]
  fault(spec: FaultSpec): void
  clearFaults(): void
  reset(): void
  stats(): FakeStats
  stop(): Promise<void>
}

type OneShotFault = { kind: "status" | "smaregiError" | "drop" | "stall" | "respond"; spec: FaultSpec; remaining: number }

type ContractData = { members: Map<string, FakeRow>; heads: FakeRow[]; details: FakeRow[] }

type Answer = { status: number; body: unknown; headers?: Record<string, string> }

class SmaregiFault extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
    readonly description: string
  ) {
    super(message)
  }
}

const UPDATE_PROCS = ["customer_upd", "point_upd", "transaction_upd", "stock_upd", "product_upd", "category_upd"]
const REFERENCE_PROCS = ["customer_ref", "transaction_ref", "store_ref", "product_ref", "stock_ref", "staff_ref"]
const IMPLEMENTED = new Set(["customer_upd", "customer_ref", "transaction_ref"])
const MAX_UPD_ROWS = 500
const MAX_REF_LIMIT = 1000
/** A larger `limit` is accepted but silently answered with at most this many rows (smaregi-v2.md §1). */
const MAX_PAGE_ROWS = 500
const DEFAULT_REF_LIMIT = 100
const MAX_DATE_RANGE_DAYS = 31
const MAX_HEAD_ID_RANGE = 100_000
const RANGE_RULE =
  "TransactionHead/TransactionDetail lookups need, in the first condition object, a transactionHeadId (one id, or a From–To range of at most 100,000 ids) or a closed From–To date range of at most 31 days (e.g. updDateTime >= and updDateTime <)"

const CUSTOMER_COLUMNS = [...CUSTOMER_FIELD_NAMES, "insDateTime", "updDateTime"]

function fail(errorCode: keyof typeof SMAREGI_ERROR_CODES, description: string, detail?: string): never {
  const ja = SMAREGI_ERROR_CODES[errorCode].ja
  throw new SmaregiFault(errorCode, detail ? `${ja}(${detail})` : ja, description)
}

function jstNow(): string {
  const jst = new Date(Date.now() + 9 * 3600 * 1000)
  return jst.toISOString().slice(0, 19).replace("T", " ")
}

function toCell(value: unknown): string | null {
  if (value === null || value === undefined) return null
  return typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value)
}

function toRow(input: Record<string, unknown>): FakeRow {
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, toCell(v)]))
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const isNumeric = (s: string): boolean => /^-?\d+(\.\d+)?$/.test(s)

function compareCells(a: string | null, b: string | null): number {
  if (a === b) return 0
  if (a === null) return -1
  if (b === null) return 1
  if (isNumeric(a) && isNumeric(b)) return Number(a) - Number(b)
  return a < b ? -1 : 1
}

function likeToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/%/g, ".*").replace(/_/g, ".")
  return new RegExp(`^${escaped}$`, "s")
}

type ParsedKey = { field: string; op: string; value: string | null }

/** Every condition object, each as its parsed keys; syntax is checked on all of them. */
function parseConditionObjects(raw: unknown): ParsedKey[][] {
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

function conditionTest(keys: ParsedKey[]): (row: FakeRow) => boolean {
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
function checkTransactionRange(first: ParsedKey[] | undefined): void {
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

function findHeader(rawHeaders: string[], name: string): string | undefined {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() === name) return rawHeaders[i + 1]
  }
  return undefined
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })
}

function sendJson(res: http.ServerResponse, answer: Answer): void {
  if (res.destroyed || res.writableEnded) return
  const text = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body)
  res.writeHead(answer.status, {
    "Content-Type": "application/json; charset=UTF-8",
    "Content-Length": Buffer.byteLength(text),
    ...answer.headers,
  })
  res.end(text)
}

function errorAnswer(errorCode: number, message: string, description: string, status = 400): Answer {
  return { status, body: { error_code: errorCode, error: message, error_description: description } }
}

/** A local stand-in for Smaregi's `POST /access/` with test controls; see the FakeSmaregi interface. */
export async function startFakeSmaregi(options: FakeSmaregiOptions = {}): Promise<FakeSmaregi> {
  const host = options.host ?? "127.0.0.1"
  const contracts = options.contracts ?? [{ contractId: "dev-contract", accessToken: "dev-token" }]
  if (contracts.length === 0) throw new RangeError("startFakeSmaregi: at least one contract is required")
  const idStart = options.idStart ?? 1

  const data = new Map<string, ContractData>()
  const dataOf = (contractId: string): ContractData => {
    let d = data.get(contractId)
    if (!d) {
      d = { members: new Map(), heads: [], details: [] }
      data.set(contractId, d)
    }
    return d
  }
  const defaultContract = contracts[0].contractId
  dataOf(defaultContract)

  let nextHeadId = idStart
  const requests: FakeRequest[] = []
  let oneShots: OneShotFault[] = []
  let latencyMs = 0
  let rateLimitPerSecond: number | null = null
  let retryAfterSeconds = 1
  let disabledProcedures = new Set<string>()
  let arrivals: number[] = []
  let rateLimitViolations = 0
  let maxObservedPerSecond = 0
  const timers = new Set<NodeJS.Timeout>()
  const sockets = new Set<Socket>()

  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        resolve()
      }, ms)
      timers.add(timer)
    })

  function recordArrival(): number {
    const t = performance.now()
    arrivals = arrivals.filter((a) => a > t - 1000)
    arrivals.push(t)
    maxObservedPerSecond = Math.max(maxObservedPerSecond, arrivals.length)
    return arrivals.length
  }

  function takeOneShot(procName: string | null): OneShotFault | undefined {
    const index = oneShots.findIndex((f) => !f.spec.procedures || (procName !== null && f.spec.procedures.includes(procName)))
    if (index < 0) return undefined
    const next = oneShots[index]
    if (next.remaining > 0) next.remaining--
    if (next.remaining === 0) oneShots.splice(index, 1)
    return next
  }

  function authenticate(rawHeaders: string[]): string {
    const contractId = findHeader(rawHeaders, "x_contract_id")
    const contract = contracts.find((c) => c.contractId === contractId)
    if (!contract) {
      fail(14, contractId === undefined ? "X_contract_id header is missing (header names use underscores)" : "unknown contract id")
    }
    const token = findHeader(rawHeaders, "x_access_token")
    if (token !== contract.accessToken) {
      fail(13, token === undefined ? "X_access_token header is missing (header names use underscores)" : "access token does not match")
    }
    return contract.contractId
  }

  function customerUpd(contractId: string, params: Record<string, unknown>): Answer {
    const procInfo = params.proc_info
    const division = isRecord(procInfo) ? procInfo.proc_division : undefined
    if (division !== "U" && division !== "D") fail(32, `proc_info.proc_division must be U or D (got ${JSON.stringify(division)})`)
    if (!Array.isArray(params.data) || params.data.length === 0) fail(11, "data must be a non-empty array")
    const members = dataOf(contractId).members
    const upserts: FakeRow[] = []
    const deletes: string[] = []
    for (const table of params.data) {
      if (!isRecord(table) || table.table_name !== "Customer") {
        fail(31, `table_name must be Customer (got ${JSON.stringify(isRecord(table) ? table.table_name : table)})`)
      }
      if (!Array.isArray(table.rows)) fail(11, "rows must be an array")
      if (table.rows.length > MAX_UPD_ROWS) fail(41, `at most ${MAX_UPD_ROWS} rows per call (got ${table.rows.length})`, "rows")
      table.rows.forEach((raw, i) => {
        if (!isRecord(raw)) fail(41, `row ${i} is not an object`, "rows")
        if (division === "D") {
          const id = toCell(raw.customerId)
          if (id === null || !/^\d{1,10}$/.test(id)) fail(41, `row ${i}: customerId is required`, "customerId")
          deletes.push(id.replace(/^0+(?=\d)/, ""))
          return
        }
        const normalized = normalizeCustomerRow(raw)
        if (!normalized.ok) {
          const first = normalized.errors[0]
          fail(41, `row ${i}: ${normalized.errors.map((e) => e.message).join("; ")}`, first.field)
        }
        // The v2 spec table marks these required on every U row, status-only and withdrawal rows included.
        const missing = missingUpdFields(normalized.row)
        if (missing.length > 0) {
          fail(
            41,
            `row ${i}: ${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} required (every U row carries ${CUSTOMER_UPD_REQUIRED_FIELDS.join(", ")})`,
            missing[0]
          )
        }
        upserts.push(normalized.row)
      })
    }
    if (upserts.length + deletes.length > MAX_UPD_ROWS) fail(41, `at most ${MAX_UPD_ROWS} rows per call`, "rows")

    const codeOwner = new Map<string, string>()
    for (const [id, member] of members) if (member.customerCode) codeOwner.set(member.customerCode, id)
    for (const row of upserts) {
      const code = row.customerCode
      if (!code) continue
      const owner = codeOwner.get(code)
      if (owner !== undefined && owner !== row.customerId) {
        fail(42, `customerCode ${code} already belongs to customerId ${owner}`, "customerCode")
      }
      const previous = members.get(row.customerId as string)?.customerCode
      if (previous && previous !== code) codeOwner.delete(previous)
      codeOwner.set(code, row.customerId as string)
    }

    const now = jstNow()
    for (const row of upserts) {
      const id = row.customerId as string
      const existing = members.get(id)
      members.set(id, { ...(existing ?? { insDateTime: now }), ...row, updDateTime: now })
    }
    for (const id of deletes) members.delete(id)
    return { status: 200, body: { result: { Customer: upserts.length + deletes.length } } }
  }

  function reference(procName: string, contractId: string, params: Record<string, unknown>): Answer {
    const d = dataOf(contractId)
    const table = params.table_name
    if (procName === "customer_ref") {
      if (table !== "Customer") fail(31, `customer_ref table_name must be Customer (got ${JSON.stringify(table)})`)
      return runRef([...d.members.values()], params, CUSTOMER_COLUMNS, ["customerId"])
    }
    if (table === "TransactionHead") return runRef(d.heads, params, null, ["transactionHeadId"], true)
    if (table === "TransactionDetail") return runRef(d.details, params, null, ["transactionHeadId", "transactionDetailId"], true)
    return fail(31, `transaction_ref table_name must be TransactionHead or TransactionDetail (got ${JSON.stringify(table)})`)
  }

  async function handleAccess(req: http.IncomingMessage, entry: FakeRequest): Promise<Answer | "drop"> {
    const perSecond = recordArrival()
    if (latencyMs > 0) await wait(latencyMs)
    if (rateLimitPerSecond !== null && perSecond > rateLimitPerSecond) {
      rateLimitViolations++
      return { status: 429, body: { error: "Too Many Requests" }, headers: { "Retry-After": String(retryAfterSeconds) } }
    }
    // The body is read first so a fault can pick its procedure.
    const text = await readBody(req)
    const form = new URLSearchParams(text)
    const procName = form.get("proc_name")
    entry.procName = procName
    const shot = takeOneShot(procName)
    if (shot?.kind === "drop") return "drop"
    if (shot?.kind === "stall") await wait(shot.spec.stallMs ?? 0)
    if (shot?.kind === "status") {
      const status = shot.spec.status ?? 500
      const headers: Record<string, string> =
        status === 500 ? {} : { "Retry-After": String(shot.spec.retryAfterSeconds ?? retryAfterSeconds) }
      return { status, body: { error: http.STATUS_CODES[status] ?? "error" }, headers }
    }
    if (shot?.kind === "respond" && shot.spec.respond) return shot.spec.respond
    if (shot?.kind === "smaregiError" && shot.spec.smaregiError) {
      const { code, message, description, httpStatus } = shot.spec.smaregiError
      const known = (SMAREGI_ERROR_CODES as Record<number, { ja: string; en: string } | undefined>)[code]
      return errorAnswer(code, message ?? known?.ja ?? "エラーが発生しました。", description ?? known?.en ?? "injected error", httpStatus)
    }

    if (req.method !== "POST") fail(11, `method ${req.method} is not allowed; use POST`)
    const contractId = authenticate(req.rawHeaders)
    const contentType = req.headers["content-type"] ?? ""
    if (!contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
      fail(11, `Content-Type must be application/x-www-form-urlencoded (got ${JSON.stringify(contentType)})`)
    }
    const paramsText = form.get("params")
    if (!procName) fail(11, "proc_name is missing")
    if (paramsText === null) fail(11, "params is missing")
    let params: unknown
    try {
      params = JSON.parse(paramsText)
    } catch (e) {
      entry.params = paramsText
      fail(11, `params is not valid JSON: ${(e as Error).message}`)
    }
    entry.params = params
    if (!isRecord(params)) fail(11, "params must be a JSON object")
    if (!UPDATE_PROCS.includes(procName) && !REFERENCE_PROCS.includes(procName)) fail(15, `unknown proc_name ${procName}`)
    if (!IMPLEMENTED.has(procName) || disabledProcedures.has(procName)) fail(23, `${procName} is not enabled`)
    if (procName === "customer_upd") return customerUpd(contractId, params)
    return reference(procName, contractId, params)
  }

  async function handleControl(req: http.IncomingMessage, url: URL): Promise<Answer> {
    const route = `${req.method} ${url.pathname.replace(/\/$/, "")}`
    const contractId = url.searchParams.get("contractId") ?? defaultContract
    const readJson = async (): Promise<unknown> => {
      const text = await readBody(req)
      return text.trim() === "" ? {} : JSON.parse(text)
    }
    switch (route) {
      case "GET /__fake/members":
        return { status: 200, body: [...dataOf(contractId).members.values()] }
      case "POST /__fake/members": {
        const rows = await readJson()
        if (!Array.isArray(rows)) return { status: 400, body: { error: "expected a JSON array of member rows" } }
        fake.seedMembers(rows as Array<Record<string, unknown>>, contractId)
        return { status: 200, body: { ok: true } }
      }
      case "GET /__fake/requests":
        return { status: 200, body: requests }
      case "POST /__fake/transactions": {
        const list = await readJson()
        if (!Array.isArray(list)) return { status: 400, body: { error: "expected a JSON array of { head, details }" } }
        return { status: 200, body: { transactionHeadIds: fake.seedTransactions(list as SeedTransaction[], contractId) } }
      }
      case "POST /__fake/fault": {
        const spec = await readJson()
        if (!isRecord(spec)) return { status: 400, body: { error: "expected a JSON object" } }
        if (spec.clear === true) fake.clearFaults()
        else fake.fault(spec as FaultSpec)
        return { status: 200, body: { ok: true } }
      }
      case "POST /__fake/reset":
        fake.reset()
        return { status: 200, body: { ok: true } }
      case "GET /__fake/stats":
        return { status: 200, body: fake.stats() }
      default:
        return { status: 404, body: { error: `no control route ${route}` } }
    }
  }

  const handler: http.RequestListener = (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake.invalid")
    if (url.pathname.startsWith("/__fake/")) {
      handleControl(req, url)
        .catch((e: unknown) => ({ status: 400, body: { error: (e as Error).message } }))
        .then((answer) => sendJson(res, answer))
      return
    }
    if (url.pathname !== "/access/" && url.pathname !== "/access") {
      sendJson(res, { status: 404, body: { error: "Not Found" } })
      return
    }
    const headers: Array<[string, string]> = []
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]])
    const entry: FakeRequest = {
      time: Date.now(),
      method: req.method ?? "",
      path: url.pathname,
      procName: null,
      params: null,
      headers,
      status: null,
      errorCode: null,
    }
    requests.push(entry)
    handleAccess(req, entry)
      .catch((e: unknown): Answer => {
        if (e instanceof SmaregiFault) return errorAnswer(e.errorCode, e.message, e.description)
        return errorAnswer(11, SMAREGI_ERROR_CODES[11].ja, (e as Error).message, 500)
      })
      .then((answer) => {
        if (answer === "drop") {
          req.socket.destroy()
          return
        }
        entry.status = answer.status
        const body = answer.body
        if (isRecord(body) && typeof body.error_code === "number") entry.errorCode = body.error_code
        if (!req.complete) req.resume()
        sendJson(res, answer)
      })
  }
  const server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler)
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const urlHost = host.includes(":") ? `[${host}]` : host

  const fake: FakeSmaregi = {
    url: `${options.tls ? "https" : "http"}://${urlHost}:${port}/access/`,
    port,
    get members() {
      return dataOf(defaultContract).members
    },
    requests,
    get rateLimitViolations() {
      return rateLimitViolations
    },
    get maxObservedPerSecond() {
      return maxObservedPerSecond
    },
    membersOf: (contractId) => dataOf(contractId).members,
    seedMembers(rows, contractId = defaultContract) {
      const members = dataOf(contractId).members
      const now = jstNow()
      rows.forEach((raw, i) => {
        const normalized = normalizeCustomerRow(raw)
        if (!normalized.ok) throw new RangeError(`seedMembers row ${i}: ${normalized.errors.map((e) => e.message).join("; ")}`)
        members.set(normalized.row.customerId, { insDateTime: now, ...normalized.row, updDateTime: now })
      })
    },
    seedTransactions(transactions, contractId = defaultContract) {
      const d = dataOf(contractId)
      const now = jstNow()
      return transactions.map(({ head, details }) => {
        const headRow = toRow(head)
        const headId = headRow.transactionHeadId ?? String(nextHeadId++)
        headRow.transactionHeadId = headId
        headRow.updDateTime ??= now
        d.heads = d.heads.filter((h) => h.transactionHeadId !== headId)
        d.details = d.details.filter((x) => x.transactionHeadId !== headId)
        d.heads.push(headRow)
        ;(details ?? []).forEach((detail, i) => {
          const row = toRow(detail)
          row.transactionHeadId = headId
          row.transactionDetailId ??= String(i + 1)
          row.updDateTime ??= headRow.updDateTime
          d.details.push(row)
        })
        return headId
      })
    },
    fault(spec) {
      if (spec.latencyMs !== undefined) latencyMs = Math.max(0, spec.latencyMs)
      if (spec.rateLimitPerSecond !== undefined) rateLimitPerSecond = spec.rateLimitPerSecond
      if (spec.retryAfterSeconds !== undefined) retryAfterSeconds = spec.retryAfterSeconds
      if (spec.disabledProcedures !== undefined) disabledProcedures = new Set(spec.disabledProcedures)
      const remaining = spec.times ?? 1
      const kind: OneShotFault["kind"] | null =
        spec.drop === true
          ? "drop"
          : spec.respond
            ? "respond"
            : spec.smaregiError
            ? "smaregiError"
            : spec.status !== undefined
              ? "status"
              : spec.stallMs !== undefined
                ? "stall"
                : null
      if (kind && remaining !== 0) oneShots.push({ kind, spec, remaining })
    },
    clearFaults() {
      oneShots = []
      latencyMs = 0
      rateLimitPerSecond = null
      retryAfterSeconds = 1
      disabledProcedures = new Set()
    },
    reset() {
      fake.clearFaults()
      data.clear()
      dataOf(defaultContract)
      requests.length = 0
      arrivals = []
      rateLimitViolations = 0
      maxObservedPerSecond = 0
      nextHeadId = idStart
    },
    stats() {
      let members = 0
      let transactions = 0
      for (const d of data.values()) {
        members += d.members.size
        transactions += d.heads.length
      }
      return { requests: requests.length, rateLimitViolations, maxObservedPerSecond, members, transactions }
    },
    async stop() {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      })
    },
  }
  return fake
}
