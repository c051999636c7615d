import http from "node:http"
import { randomBytes, randomUUID } from "node:crypto"
import type { AddressInfo, Socket } from "node:net"
import { listCustomerPoints, listCustomers } from "./customers"

// A local stand-in for the Smaregi Platform API (smaregi-platform.md): the token endpoint of id.smaregi.* and the
// POS endpoints of api.smaregi.* on one server, in-memory contracts, a request log, fault injection and a
// webhook sender. It enforces the documented rules as strictly as they are documented.

export const PLATFORM_SCOPES = ["pos.transactions:read", "pos.customers:read", "pos.customers:write"] as const
export const PLAN_GATED_MESSAGE = "この機能はご契約のプランではご利用いただけません（プレミアムプラス・フードビジネス・リテールビジネスプランが必要です）"
export const WEBHOOK_USER_AGENT = "Smaregi-Platform-Api-Webhook/1.0.0"

export type FakePlatformContract = {
  contractId: string
  clientId: string
  clientSecret: string
  /** Bulk writes and point/add need プレミアムプラス / フードビジネス / リテールビジネス. */
  plan?: "standard" | "premium-plus" | "food-business" | "retail-business"
}

export type FakePlatformOptions = {
  port?: number
  host?: string
  contracts?: FakePlatformContract[]
  /** expires_in of new tokens (default 3600). */
  tokenTtlSeconds?: number
  /** Per contract and per second; null = no limit (default). */
  readPerSecond?: number | null
  writePerSecond?: number | null
  retryAfterSeconds?: number
}

export type FakePlatformRequest = {
  time: number
  method: string
  path: string
  query: Record<string, string>
  body: unknown
  authorization: string | null
  status: number | null
}

export type PlatformFault = {
  /** Answer this status with a problem+json body (429 and 503 carry Retry-After). */
  status: number
  title?: string
  detail?: string
  retryAfterSeconds?: number
  /** Only requests whose "METHOD /path" (path without the contract) matches. */
  match?: string
  /** How many matching requests it hits (default 1, -1 = until cleared). */
  times?: number
}

export type WebhookDelivery = {
  url: string
  contractId?: string
  event: "pos:transactions" | "pos:customers" | string
  action: string
  ids: string[]
  eventId?: string
  secretHeader?: string
  secret?: string | null
  /** Overrides of the JSON body (e.g. to send a malformed one). */
  body?: unknown
}

export type WebhookResult = { status: number; body: string; eventId: string }

type Json = Record<string, unknown>
type Answer = { status: number; body?: unknown; headers?: Record<string, string> }
type Token = { contractId: string; scopes: Set<string>; expiresAt: number }
type ContractData = { transactions: Map<string, Json>; customers: Map<string, Json>; nextCustomerId: number; arrivals: { read: number[]; write: number[] } }

export interface FakeSmaregiPlatform {
  /** Base URL serving both the id endpoints (idUrl) and the API (apiUrl). */
  readonly url: string
  readonly port: number
  readonly requests: FakePlatformRequest[]
  readonly rateLimitViolations: number
  customersOf(contractId?: string): Map<string, Json>
  /** Seeds Platform-shaped transactions (head fields, `details`, `depositOthers`); returns their ids. */
  seedTransactions(transactions: Json[], contractId?: string): string[]
  seedCustomers(customers: Json[], contractId?: string): string[]
  setPlan(plan: NonNullable<FakePlatformContract["plan"]>, contractId?: string): void
  setRateLimits(limits: { readPerSecond?: number | null; writePerSecond?: number | null; retryAfterSeconds?: number }): void
  setTokenTtl(seconds: number): void
  /** Makes every issued token expired. */
  expireTokens(): void
  tokensIssued(): number
  fault(spec: PlatformFault): void
  clearFaults(): void
  sendWebhook(delivery: WebhookDelivery): Promise<WebhookResult>
  reset(): void
  stop(): Promise<void>
}

class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly headers: Record<string, string> = {}
  ) {
    super(detail)
  }
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
}

function problem(status: number, detail: string, headers?: Record<string, string>): never {
  throw new Problem(status, TITLES[status] ?? "Error", detail, headers)
}

function problemAnswer(status: number, title: string, detail: string, headers: Record<string, string> = {}): Answer {
  return { status, body: { type: "about:blank", title, detail, status }, headers: { "Content-Type": "application/problem+json", ...headers } }
}

const DAY_MS = 86_400_000
const MAX_RANGE_DAYS = 31
const MAX_LIMIT = 1000
const DEFAULT_LIMIT = 100
const MAX_BULK = 100
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
const CUSTOMER_CODE = /^[\x20-\x7e]{1,20}$/
const SERVER_ONLY_CUSTOMER_FIELDS = ["customerId", "point", "mile", "lastComeDateTime", "insDateTime", "updDateTime"]

const isRecord = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value)

function isoNow(): string {
  return `${new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 19)}+09:00`
}

function instant(value: string, dateOnly: boolean): number {
  return dateOnly ? Date.parse(`${value}T00:00:00+09:00`) : Date.parse(value)
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })
}

function send(res: http.ServerResponse, answer: Answer): void {
  if (res.destroyed || res.writableEnded) return
  const text = answer.body === undefined ? "" : JSON.stringify(answer.body)
  res.writeHead(answer.status, {
    "Content-Type": "application/json; charset=UTF-8",
    "Content-Length": Buffer.byteLength(text),
    ...answer.headers,
  })
  res.end(text)
}

function positive(raw: string | undefined, name: string, fallback: number, max?: number): number {
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (!/^\d+$/.test(raw) || n < 1 || (max !== undefined && n > max)) {
    problem(400, `${name} must be an integer from 1${max !== undefined ? ` to ${max}` : ""} (got ${JSON.stringify(raw)})`)
  }
  return n
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

function headOnly(tx: Json): Json {
  const { details: _details, ...head } = tx
  return head
}

/** Starts the fake; see the FakeSmaregiPlatform interface. */
export async function startFakeSmaregiPlatform(options: FakePlatformOptions = {}): Promise<FakeSmaregiPlatform> {
  const host = options.host ?? "127.0.0.1"
  const contracts = (options.contracts ?? [{ contractId: "sb_dev", clientId: "dev-client", clientSecret: "dev-secret" }]).map((c) => ({
    plan: "standard" as const,
    ...c,
  }))
  if (contracts.length === 0) throw new RangeError("startFakeSmaregiPlatform: at least one contract is required")
  const defaultContract = contracts[0].contractId
  let tokenTtlSeconds = options.tokenTtlSeconds ?? 3600
  let readPerSecond = options.readPerSecond ?? null
  let writePerSecond = options.writePerSecond ?? null
  let retryAfterSeconds = options.retryAfterSeconds ?? 1
  let rateLimitViolations = 0
  let issued = 0
  const tokens = new Map<string, Token>()
  const data = new Map<string, ContractData>()
  const requests: FakePlatformRequest[] = []
  let faults: Array<PlatformFault & { remaining: number }> = []
  const sockets = new Set<Socket>()

  const dataOf = (contractId: string): ContractData => {
    let d = data.get(contractId)
    if (!d) {
      d = { transactions: new Map(), customers: new Map(), nextCustomerId: 1, arrivals: { read: [], write: [] } }
      data.set(contractId, d)
    }
    return d
  }
  const contractOf = (contractId: string) => {
    const contract = contracts.find((c) => c.contractId === contractId)
    if (!contract) throw new RangeError(`unknown contract ${contractId}`)
    return contract
  }

  function issueToken(contractId: string, req: http.IncomingMessage, text: string): Answer {
    const contract = contracts.find((c) => c.contractId === contractId)
    const auth = req.headers.authorization ?? ""
    const basic = /^Basic\s+(\S+)$/i.exec(auth)
    const [clientId, clientSecret] = basic ? Buffer.from(basic[1], "base64").toString("utf8").split(":") : []
    if (!contract || !basic || clientId !== contract.clientId || clientSecret !== contract.clientSecret) {
      problem(401, !basic ? "Basic client credentials are required" : "client authentication failed")
    }
    if (!(req.headers["content-type"] ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) {
      problem(415, "the token request must be application/x-www-form-urlencoded")
    }
    const form = new URLSearchParams(text)
    if (form.get("grant_type") !== "client_credentials") problem(400, `grant_type must be client_credentials (got ${JSON.stringify(form.get("grant_type"))})`)
    const scopes = (form.get("scope") ?? "").split(" ").filter(Boolean)
    if (scopes.length === 0) problem(400, "scope is required (space-separated)")
    const unknown = scopes.filter((s) => !(PLATFORM_SCOPES as readonly string[]).includes(s))
    if (unknown.length > 0) problem(400, `unknown scope ${unknown.join(" ")}`)
    const accessToken = randomBytes(24).toString("hex")
    tokens.set(accessToken, { contractId, scopes: new Set(scopes), expiresAt: Date.now() + tokenTtlSeconds * 1000 })
    issued++
    return { status: 200, body: { access_token: accessToken, token_type: "Bearer", expires_in: tokenTtlSeconds, scope: scopes.join(" ") } }
  }

  function authorize(req: http.IncomingMessage, contractId: string, scope: string): void {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")
    if (!bearer) problem(401, "a Bearer access token is required")
    const token = tokens.get(bearer[1])
    if (!token || token.contractId !== contractId) problem(401, "the access token is invalid")
    if (token.expiresAt <= Date.now()) problem(401, "the access token has expired")
    if (!token.scopes.has(scope)) problem(403, `the access token lacks the scope ${scope}`)
  }

  function throttle(contractId: string, kind: "read" | "write"): void {
    const limit = kind === "read" ? readPerSecond : writePerSecond
    const arrivals = dataOf(contractId).arrivals
    const now = Date.now()
    arrivals[kind] = arrivals[kind].filter((t) => t > now - 1000)
    if (limit !== null && arrivals[kind].length >= limit) {
      rateLimitViolations++
      problem(429, `more than ${limit} ${kind} requests per second`, { "Retry-After": String(retryAfterSeconds) })
    }
    arrivals[kind].push(now)
  }

  function requirePlan(contractId: string, what: string): void {
    if (contractOf(contractId).plan === "standard") problem(403, `${what}: ${PLAN_GATED_MESSAGE}`)
  }

  function checkCustomerBody(body: unknown, creating: boolean, customers: Map<string, Json>, selfId: string | null): Json {
    if (!isRecord(body)) problem(400, "the body must be a JSON object")
    const forbidden = SERVER_ONLY_CUSTOMER_FIELDS.filter((f) => f in body)
    if (forbidden.length > 0) problem(400, `${forbidden.join(", ")} cannot be set here`)
    for (const [key, value] of Object.entries(body)) {
      if (value !== null && typeof value !== "string") problem(400, `${key} must be a string (got ${typeof value})`)
    }
    if (creating) {
      for (const f of ["customerCode", "firstName", "lastName"]) {
        if (typeof body[f] !== "string" || (body[f] as string).trim() === "") problem(400, `${f} is required`)
      }
    } else {
      for (const f of ["customerCode", "firstName", "lastName"]) {
        if (f in body && (typeof body[f] !== "string" || (body[f] as string).trim() === "")) problem(400, `${f} cannot be empty`)
      }
    }
    if (typeof body.customerCode === "string") {
      if (!CUSTOMER_CODE.test(body.customerCode)) problem(400, "customerCode must be 1-20 printable ASCII characters")
      for (const [id, c] of customers) {
        if (id !== selfId && c.customerCode === body.customerCode) problem(400, `customerCode ${body.customerCode} already exists`)
      }
    }
    if (typeof body.rank === "string" && body.rank.length > 20) problem(400, "rank must be at most 20 characters")
    return body
  }

  function pointValue(body: unknown, signed: boolean): number {
    if (!isRecord(body) || typeof body.point !== "string" || !(signed ? /^-?\d{1,9}$/ : /^\d{1,9}$/).test(body.point)) {
      problem(400, `point must be a string of ${signed ? "a signed integer" : "a non-negative integer"} (at most 9 digits)`)
    }
    return Number(body.point)
  }

  function pointAnswer(customer: Json): Answer {
    return { status: 200, body: { customerId: customer.customerId, point: customer.point, mile: customer.mile ?? "0", pointExpireDate: customer.pointExpireDate ?? null, updDateTime: customer.updDateTime } }
  }

  async function api(req: http.IncomingMessage, contractId: string, rest: string, query: Record<string, string>, entry: FakePlatformRequest): Promise<Answer> {
    if (!contracts.some((c) => c.contractId === contractId)) problem(404, `no contract ${contractId}`)
    const method = req.method ?? "GET"
    const route = `${method} ${rest}`
    const fault = faults.find((f) => f.match === undefined || new RegExp(f.match).test(route))
    if (fault) {
      if (fault.remaining > 0) fault.remaining--
      if (fault.remaining === 0) faults = faults.filter((f) => f !== fault)
      const headers: Record<string, string> = fault.status === 429 || fault.status === 503 ? { "Retry-After": String(fault.retryAfterSeconds ?? retryAfterSeconds) } : {}
      return problemAnswer(fault.status, fault.title ?? TITLES[fault.status] ?? "Error", fault.detail ?? "injected fault", headers)
    }
    const write = method !== "GET"
    const scope = rest.startsWith("/pos/transactions") ? "pos.transactions:read" : write ? "pos.customers:write" : "pos.customers:read"
    authorize(req, contractId, scope)
    throttle(contractId, write ? "write" : "read")
    const text = write ? await readBody(req) : ""
    let body: unknown = undefined
    if (write && text.trim() !== "") {
      if (!(req.headers["content-type"] ?? "").toLowerCase().startsWith("application/json")) problem(415, "the body must be application/json")
      try {
        body = JSON.parse(text)
      } catch (e) {
        problem(400, `the body is not valid JSON: ${(e as Error).message}`)
      }
    }
    entry.body = body ?? null
    const d = dataOf(contractId)
    const now = isoNow()
    let m: RegExpExecArray | null

    if (route === "GET /pos/transactions") {
      const filters = rangeFilters(query)
      const limit = positive(query.limit, "limit", DEFAULT_LIMIT, MAX_LIMIT)
      const page = positive(query.page, "page", 1)
      const sort = parseSort(query.sort)
      const exact: Array<[string, string]> = [
        ["customer_code", "customerCode"],
        ["store_id", "storeId"],
        ["transaction_head_division", "transactionHeadDivision"],
      ]
      const rows = [...d.transactions.values()].filter((tx) => {
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
      return { status: 200, body: rows.slice((page - 1) * limit, page * limit).map(headOnly) }
    }
    if (method === "GET" && (m = /^\/pos\/transactions\/(\d+)$/.exec(rest))) {
      const tx = d.transactions.get(m[1])
      if (!tx) problem(404, `transaction ${m[1]} does not exist`)
      const withDetails = query.with_details ?? "none"
      if (!["all", "summary", "none"].includes(withDetails)) problem(400, `with_details must be all, summary or none (got ${JSON.stringify(withDetails)})`)
      return { status: 200, body: withDetails === "none" ? headOnly(tx) : tx }
    }
    if (route === "GET /pos/customers") return { status: 200, body: listCustomers(d.customers, query, problem) }
    if (route === "GET /pos/customers/point") return { status: 200, body: listCustomerPoints(d.customers, query, problem) }
    if (route === "POST /pos/customers") {
      const input = checkCustomerBody(body, true, d.customers, null)
      const customerId = String(d.nextCustomerId++)
      const customer = { ...input, customerId, point: "0", mile: "0", insDateTime: now, updDateTime: now }
      d.customers.set(customerId, customer)
      return { status: 200, body: customer }
    }
    if (route === "POST /pos/customers/bulk" || route === "PATCH /pos/customers/bulk" || route === "PATCH /pos/customers/point/bulk") {
      requirePlan(contractId, route)
      const rows = isRecord(body) ? body.rows : undefined
      if (!Array.isArray(rows) || rows.length === 0 || rows.length > MAX_BULK) problem(400, `rows must be an array of 1-${MAX_BULK} entries`)
      if (!isRecord(body) || typeof body.callbackUrl !== "string") problem(400, "callbackUrl is required (bulk requests are answered asynchronously)")
      return { status: 202, body: { requestCode: randomUUID() } }
    }
    if ((m = /^\/pos\/customers\/(\d+)(\/point(\/add)?)?$/.exec(rest))) {
      const [, id, pointPath, add] = m
      const customer = d.customers.get(id)
      if (!customer) problem(404, `customer ${id} does not exist`)
      if (method === "GET" && !pointPath) return { status: 200, body: customer }
      if (method === "PATCH" && !pointPath) {
        const input = checkCustomerBody(body ?? {}, false, d.customers, id)
        Object.assign(customer, input, { updDateTime: now })
        return { status: 200, body: customer }
      }
      if (method === "DELETE" && !pointPath) {
        d.customers.delete(id)
        return { status: 200 }
      }
      if (method === "PATCH" && pointPath && !add) {
        customer.point = String(pointValue(body, false))
        if (isRecord(body) && typeof body.mile === "string") customer.mile = body.mile
        if (isRecord(body) && typeof body.pointExpireDate === "string") customer.pointExpireDate = body.pointExpireDate
        customer.updDateTime = now
        return pointAnswer(customer)
      }
      if (method === "POST" && add) {
        requirePlan(contractId, "POST /pos/customers/{id}/point/add")
        const next = Number(customer.point ?? "0") + pointValue(body, true)
        if (next < 0) problem(400, `the point balance would become negative (${next})`)
        customer.point = String(next)
        customer.updDateTime = now
        return pointAnswer(customer)
      }
    }
    return problem(404, `no route ${route}`)
  }

  async function control(req: http.IncomingMessage, url: URL): Promise<Answer> {
    const route = `${req.method} ${url.pathname.replace(/\/$/, "")}`
    const contractId = url.searchParams.get("contractId") ?? defaultContract
    const text = req.method === "POST" ? await readBody(req) : ""
    const json: unknown = text.trim() === "" ? {} : JSON.parse(text)
    switch (route) {
      case "GET /__fake/requests":
        return { status: 200, body: requests.filter((r) => !r.path.startsWith("/__fake/")) }
      case "GET /__fake/customers":
        return { status: 200, body: [...fake.customersOf(contractId).values()] }
      case "POST /__fake/transactions":
        if (!Array.isArray(json)) problem(400, "expected a JSON array of Platform transactions")
        return { status: 200, body: { transactionHeadIds: fake.seedTransactions(json as Json[], contractId) } }
      case "POST /__fake/customers":
        if (!Array.isArray(json)) problem(400, "expected a JSON array of customers")
        return { status: 200, body: { customerIds: fake.seedCustomers(json as Json[], contractId) } }
      case "POST /__fake/fault":
        if (!isRecord(json) || typeof json.status !== "number") problem(400, "expected { status, title?, detail?, match?, times? }")
        fake.fault(json as PlatformFault)
        return { status: 200, body: { ok: true } }
      case "POST /__fake/webhook":
        if (!isRecord(json) || typeof json.url !== "string") problem(400, "expected { url, event, action, ids, secret?, secretHeader? }")
        return { status: 200, body: await fake.sendWebhook(json as WebhookDelivery) }
      case "POST /__fake/reset":
        fake.reset()
        return { status: 200, body: { ok: true } }
      default:
        return problem(404, `no control route ${route}`)
    }
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake.invalid")
    const query = Object.fromEntries(url.searchParams)
    const entry: FakePlatformRequest = {
      time: Date.now(),
      method: req.method ?? "",
      path: url.pathname,
      query,
      body: null,
      authorization: req.headers.authorization ?? null,
      status: null,
    }
    requests.push(entry)
    const handle = async (): Promise<Answer> => {
      if (url.pathname.startsWith("/__fake/")) return control(req, url)
      const token = /^\/app\/([^/]+)\/token$/.exec(url.pathname)
      if (token) {
        if (req.method !== "POST") problem(405, "use POST")
        return issueToken(decodeURIComponent(token[1]), req, await readBody(req))
      }
      const apiPath = /^\/([^/]+)(\/pos\/.*)$/.exec(url.pathname)
      if (!apiPath) problem(404, `no route ${req.method} ${url.pathname}`)
      return api(req, decodeURIComponent(apiPath[1]), apiPath[2].replace(/\/$/, ""), query, entry)
    }
    handle()
      .catch((e: unknown): Answer => {
        if (e instanceof Problem) return problemAnswer(e.status, e.title, e.detail, e.headers)
        return problemAnswer(500, "Internal Server Error", (e as Error).message)
      })
      .then((answer) => {
        entry.status = answer.status
        if (!req.complete) req.resume()
        send(res, answer)
      })
  })
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

  const fake: FakeSmaregiPlatform = {
    url: `http://${urlHost}:${port}`,
    port,
    requests,
    get rateLimitViolations() {
      return rateLimitViolations
    },
    customersOf: (contractId = defaultContract) => dataOf(contractId).customers,
    seedTransactions(transactions, contractId = defaultContract) {
      const d = dataOf(contractId)
      return transactions.map((tx, i) => {
        const id = String(tx.transactionHeadId ?? "")
        if (!/^\d+$/.test(id)) throw new RangeError(`seedTransactions[${i}]: transactionHeadId must be digits`)
        d.transactions.set(id, { updDateTime: isoNow(), ...tx, transactionHeadId: id })
        return id
      })
    },
    seedCustomers(customers, contractId = defaultContract) {
      const d = dataOf(contractId)
      return customers.map((c) => {
        const customerId = String(c.customerId ?? d.nextCustomerId)
        d.nextCustomerId = Math.max(d.nextCustomerId, Number(customerId) + 1)
        d.customers.set(customerId, { point: "0", mile: "0", insDateTime: isoNow(), updDateTime: isoNow(), ...c, customerId })
        return customerId
      })
    },
    setPlan(plan, contractId = defaultContract) {
      contractOf(contractId).plan = plan
    },
    setRateLimits(limits) {
      if (limits.readPerSecond !== undefined) readPerSecond = limits.readPerSecond
      if (limits.writePerSecond !== undefined) writePerSecond = limits.writePerSecond
      if (limits.retryAfterSeconds !== undefined) retryAfterSeconds = limits.retryAfterSeconds
    },
    setTokenTtl(seconds) {
      tokenTtlSeconds = seconds
    },
    expireTokens() {
      for (const token of tokens.values()) token.expiresAt = 0
    },
    tokensIssued: () => issued,
    fault(spec) {
      faults.push({ ...spec, remaining: spec.times ?? 1 })
    },
    clearFaults() {
      faults = []
    },
    async sendWebhook(delivery) {
      const eventId = delivery.eventId ?? randomUUID()
      const contractId = delivery.contractId ?? defaultContract
      const idKey = delivery.event === "pos:customers" ? "customerIds" : "transactionHeadIds"
      const body = delivery.body ?? { contractId, event: delivery.event, action: delivery.action, [idKey]: delivery.ids }
      const headers: Record<string, string> = {
        "Content-Type": "application/json",
        "User-Agent": WEBHOOK_USER_AGENT,
        "Smaregi-Contract-Id": contractId,
        "Smaregi-Event": delivery.event,
        "Smaregi-Event-Id": eventId,
      }
      if (delivery.secret) headers[delivery.secretHeader ?? "X-Smaregi-Webhook-Secret"] = delivery.secret
      const response = await fetch(delivery.url, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) })
      return { status: response.status, body: await response.text(), eventId }
    },
    reset() {
      data.clear()
      tokens.clear()
      requests.length = 0
      faults = []
      rateLimitViolations = 0
      issued = 0
      readPerSecond = options.readPerSecond ?? null
      writePerSecond = options.writePerSecond ?? null
      retryAfterSeconds = options.retryAfterSeconds ?? 1
      tokenTtlSeconds = options.tokenTtlSeconds ?? 3600
    },
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      })
    },
  }
  return fake
}
