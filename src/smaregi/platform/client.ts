// HTTP client of the Smaregi Platform API (smaregi-platform.md): Bearer app tokens, separate read and write rate
// buckets per contract, 429 Retry-After, refresh-once on 401, paging until a short page, ≤ 31-day windows.
import axios, { type AxiosProxyConfig, type AxiosResponse } from "axios"
import type { SmaregiLogger } from "../client"
import { SmaregiApiError, SmaregiTransportError, type TransportCause } from "../errors"
import type { SmaregiTransaction } from "../transaction-schema"
import { InMemoryRateLimiter, type RateLimiter } from "../rate-limiter"
import { MAX_WINDOW_DAYS, pullWindows } from "../reconcile-windows"
import { jstWallClockToIso, normalisePlatformTransaction } from "./normalise"
import { platformProblemError } from "./problem"
import type { PlatformTokenProvider } from "./token"

export type PlatformEnvironment = "sandbox" | "production"

/** id/api base URLs of an environment (both overridable in the connection settings). */
export function platformUrls(environment: PlatformEnvironment): { idUrl: string; apiUrl: string } {
  const tld = environment === "production" ? "jp" : "dev"
  return { idUrl: `https://id.smaregi.${tld}`, apiUrl: `https://api.smaregi.${tld}` }
}

/** Documented limits per app per contract (L confidence): GET ~50/s and writes ~20/s in production, 10/4 in the sandbox. */
export const PLATFORM_RATE_LIMITS: Record<PlatformEnvironment, { read: number; write: number }> = {
  sandbox: { read: 10, write: 4 },
  production: { read: 50, write: 20 },
}

export const MAX_PAGE_SIZE = 1000
export const PLAN_GATED_OPERATIONS = ["POST /pos/customers/{id}/point/add", "POST /pos/customers/bulk", "PATCH /pos/customers/bulk", "PATCH /pos/customers/point/bulk"]

export type TransactionRangeField = "upd_date_time" | "transaction_date_time" | "terminal_tran_date_time"
export type Json = Record<string, unknown>

export type TransactionListQuery = {
  /** One date range (required by the API), as JST "YYYY-MM-DD HH:MM:SS"; sent as ISO with +09:00. */
  range: { field: TransactionRangeField; from: string; to: string }
  limit?: number
  page?: number
  /** e.g. "updDateTime" or "transactionHeadId:desc". */
  sort?: string
  filters?: Partial<Record<"customer_code" | "store_id" | "transaction_head_division" | "transaction_head_id-from" | "transaction_head_id-to", string>>
}

export type SmaregiPlatformClientOptions = {
  apiUrl: string
  contractId: string
  tokens: PlatformTokenProvider
  /** Bucket for GETs, keyed `<contractId>:read`; default 10/s (the sandbox limit). */
  readLimiter?: RateLimiter
  /** Bucket for writes, keyed `<contractId>:write`; default 4/s. */
  writeLimiter?: RateLimiter
  timeoutMs?: number
  /** Retries after the first attempt for 429, and for 5xx/transport failures of idempotent requests. */
  maxRetries?: number
  baseDelayMs?: number
  maxDelayMs?: number
  /** The longest Retry-After honoured (default 60 s); a longer one fails the call as retryable. */
  maxRetryAfterMs?: number
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  logger?: SmaregiLogger
  proxy?: AxiosProxyConfig | false
}

type Method = "GET" | "POST" | "PATCH" | "DELETE"
type RequestSpec = { method: Method; path: string; operation: string; query?: Record<string, string | number | undefined>; body?: unknown }

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** A 403 of a plan-gated operation: fall back to single calls. A missing scope there looks the same (the real body is unconfirmed). */
export function isPlanFeatureError(error: unknown): boolean {
  return error instanceof SmaregiApiError && error.httpStatus === 403 && PLAN_GATED_OPERATIONS.includes(error.procName)
}

export class SmaregiPlatformClient {
  readonly apiUrl: string
  readonly contractId: string
  private readonly tokens: PlatformTokenProvider
  private readonly readLimiter: RateLimiter
  private readonly writeLimiter: RateLimiter
  private readonly timeoutMs: number
  private readonly maxRetries: number
  private readonly baseDelayMs: number
  private readonly maxDelayMs: number
  private readonly maxRetryAfterMs: number
  private readonly sleep: (ms: number) => Promise<void>
  private readonly random: () => number
  private readonly logger?: SmaregiLogger
  private readonly proxy?: AxiosProxyConfig | false

  constructor(options: SmaregiPlatformClientOptions) {
    if (!options.apiUrl) throw new RangeError("SmaregiPlatformClient: apiUrl is required")
    if (!options.contractId) throw new RangeError("SmaregiPlatformClient: contractId is required")
    if (options.tokens.contractId !== options.contractId) {
      throw new RangeError(`SmaregiPlatformClient: the token provider is for contract ${options.tokens.contractId}, not ${options.contractId}`)
    }
    this.apiUrl = options.apiUrl.replace(/\/+$/, "")
    this.contractId = options.contractId
    this.tokens = options.tokens
    this.readLimiter = options.readLimiter ?? new InMemoryRateLimiter({ perSecond: PLATFORM_RATE_LIMITS.sandbox.read })
    this.writeLimiter = options.writeLimiter ?? new InMemoryRateLimiter({ perSecond: PLATFORM_RATE_LIMITS.sandbox.write })
    this.timeoutMs = options.timeoutMs ?? 10_000
    this.maxRetries = options.maxRetries ?? 4
    this.baseDelayMs = options.baseDelayMs ?? 500
    this.maxDelayMs = options.maxDelayMs ?? 8_000
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000
    this.sleep = options.sleep ?? realSleep
    this.random = options.random ?? Math.random
    this.logger = options.logger
    this.proxy = options.proxy
  }

  toJSON(): Record<string, unknown> {
    return { apiUrl: this.apiUrl, contractId: this.contractId }
  }

  // ---- transactions

  /** One page of transaction heads. */
  async listTransactions(query: TransactionListQuery): Promise<Json[]> {
    const { range } = query
    const limit = query.limit ?? MAX_PAGE_SIZE
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) throw new RangeError(`limit must be 1–${MAX_PAGE_SIZE} (got ${limit})`)
    const body = await this.request({
      method: "GET",
      path: "/pos/transactions",
      operation: "GET /pos/transactions",
      query: {
        [`${range.field}-from`]: jstWallClockToIso(range.from),
        [`${range.field}-to`]: jstWallClockToIso(range.to),
        limit,
        page: query.page ?? 1,
        sort: query.sort,
        ...query.filters,
      },
    })
    return arrayOf(body, "GET /pos/transactions")
  }

  /** Every page of one query: there is no total, so a page shorter than `limit` is the last. */
  async listAllTransactions(query: Omit<TransactionListQuery, "page">, options: { maxPages?: number } = {}): Promise<Json[]> {
    const limit = query.limit ?? MAX_PAGE_SIZE
    const maxPages = options.maxPages ?? 10_000
    const rows: Json[] = []
    for (let page = 1; page <= maxPages; page++) {
      const pageRows = await this.listTransactions({ ...query, limit, page })
      rows.push(...pageRows)
      if (pageRows.length < limit) return rows
    }
    throw new RangeError(`GET /pos/transactions: more than ${maxPages} pages of ${limit} rows`)
  }

  /**
   * Heads whose `field` lies in [from, to) (JST "YYYY-MM-DD HH:MM:SS"), read in windows of at most 31 days,
   * deduplicated by transactionHeadId (a head on a window edge may come twice).
   */
  async readHeadsByWindow(
    from: string,
    to: string,
    options: { field?: TransactionRangeField; limit?: number; windowDays?: number; filters?: TransactionListQuery["filters"] } = {}
  ): Promise<Json[]> {
    const field = options.field ?? "upd_date_time"
    const seen = new Set<string>()
    const heads: Json[] = []
    for (const window of pullWindows(from, to, options.windowDays ?? MAX_WINDOW_DAYS)) {
      const rows = await this.listAllTransactions({ range: { field, ...window }, limit: options.limit, sort: "transactionHeadId", filters: options.filters })
      for (const row of rows) {
        const id = String(row.transactionHeadId ?? "")
        if (seen.has(id)) continue
        seen.add(id)
        heads.push(row)
      }
    }
    return heads
  }

  /** The raw transaction with its details (`with_details=all`). */
  async getTransaction(transactionHeadId: string): Promise<Json> {
    if (!/^\d+$/.test(transactionHeadId)) throw new RangeError(`not a transactionHeadId: ${JSON.stringify(transactionHeadId)}`)
    const operation = "GET /pos/transactions/{id}"
    const body = await this.request({ method: "GET", path: `/pos/transactions/${transactionHeadId}`, operation, query: { with_details: "all" } })
    return objectOf(body, operation)
  }

  /** The transaction in the v2 shape; a payload the normaliser refuses is an `invalid_response` error naming the field. */
  async fetchTransaction(transactionHeadId: string): Promise<SmaregiTransaction> {
    const result = normalisePlatformTransaction(await this.getTransaction(transactionHeadId))
    if (result.ok) return result.value
    throw new SmaregiApiError({
      code: "invalid_response",
      errorCode: null,
      message: `GET /pos/transactions/${transactionHeadId}: ${result.error.message}`,
      description: result.error.code,
      httpStatus: 200,
      retryable: false,
      procName: "GET /pos/transactions/{id}",
    })
  }

  // ---- customers and points

  async findCustomers(query: { customerCode?: string; limit?: number; page?: number } = {}): Promise<Json[]> {
    const body = await this.request({
      method: "GET",
      path: "/pos/customers",
      operation: "GET /pos/customers",
      query: { customer_code: query.customerCode, limit: query.limit ?? 100, page: query.page ?? 1 },
    })
    return arrayOf(body, "GET /pos/customers")
  }

  /** Creates a member; Smaregi assigns the customerId (returned). */
  async createCustomer(fields: Json): Promise<Json & { customerId: string }> {
    const operation = "POST /pos/customers"
    const body = objectOf(await this.request({ method: "POST", path: "/pos/customers", operation, body: fields }), operation)
    const customerId = body.customerId
    if ((typeof customerId !== "string" && typeof customerId !== "number") || !/^\d+$/.test(String(customerId))) {
      throw invalidResponse(operation, "the answer has no customerId")
    }
    return { ...body, customerId: String(customerId) }
  }

  async updateCustomer(customerId: string, fields: Json): Promise<Json> {
    const operation = "PATCH /pos/customers/{id}"
    return objectOf(await this.request({ method: "PATCH", path: `/pos/customers/${digits(customerId)}`, operation, body: fields }), operation)
  }

  async deleteCustomer(customerId: string): Promise<void> {
    await this.request({ method: "DELETE", path: `/pos/customers/${digits(customerId)}`, operation: "DELETE /pos/customers/{id}" })
  }

  /** Sets the balance to `point` (absolute). */
  async setPoint(customerId: string, point: number, extra: { pointExpireDate?: string } = {}): Promise<Json> {
    if (!Number.isSafeInteger(point) || point < 0) throw new RangeError(`point must be a non-negative integer (got ${point})`)
    const operation = "PATCH /pos/customers/{id}/point"
    const body = await this.request({ method: "PATCH", path: `/pos/customers/${digits(customerId)}/point`, operation, body: { point: String(point), ...extra } })
    return objectOf(body, operation)
  }

  /** Adds `delta` (negative subtracts); needs a plan with point/add — see isPlanFeatureError. */
  async addPoint(customerId: string, delta: number): Promise<Json> {
    if (!Number.isSafeInteger(delta)) throw new RangeError(`delta must be an integer (got ${delta})`)
    const operation = "POST /pos/customers/{id}/point/add"
    return objectOf(await this.request({ method: "POST", path: `/pos/customers/${digits(customerId)}/point/add`, operation, body: { point: String(delta) } }), operation)
  }

  /** Asynchronous bulk create (≤ 100 rows, result to callbackUrl); needs a plan with bulk writes. */
  async bulkCreateCustomers(rows: Json[], callbackUrl: string): Promise<Json> {
    if (rows.length < 1 || rows.length > 100) throw new RangeError(`bulk requests take 1–100 rows (got ${rows.length})`)
    const operation = "POST /pos/customers/bulk"
    return objectOf(await this.request({ method: "POST", path: "/pos/customers/bulk", operation, body: { rows, callbackUrl } }), operation)
  }

  /** Checks credentials, scopes and reachability with the smallest read. */
  async ping(): Promise<void> {
    await this.findCustomers({ limit: 1 })
  }

  // ---- transport

  async request(spec: RequestSpec): Promise<unknown> {
    const write = spec.method !== "GET"
    const limiter = write ? this.writeLimiter : this.readLimiter
    const bucket = `${this.contractId}:${write ? "write" : "read"}`
    // A POST that reached Smaregi may have been applied: only 429 (refused before processing) is retried.
    const idempotent = spec.method !== "POST"
    let refreshed = false
    for (let attempt = 1; ; attempt++) {
      const release = await limiter.acquire(bucket)
      let token: string
      let sent: { response: AxiosResponse<string> } | { failure: unknown }
      try {
        token = await this.tokens.getToken()
        sent = await this.send(spec, token).then(
          (response) => ({ response }),
          (failure: unknown) => ({ failure })
        )
      } finally {
        release()
      }
      if ("failure" in sent) {
        const error = transportError(spec.operation, sent.failure, attempt)
        if (!idempotent || attempt > this.maxRetries) throw error
        await this.backoff(spec, attempt, error, undefined)
        continue
      }
      const { response } = sent
      const status = response.status
      const body = parseBody(response.data)
      if (status >= 200 && status < 300) return body
      if (status === 401) {
        await this.tokens.invalidate(token)
        if (!refreshed) {
          refreshed = true
          attempt--
          this.logger?.info("smaregi platform token refused, refreshing once", { operation: spec.operation, contractId: this.contractId })
          continue
        }
        const base = platformProblemError({ status, body, operation: spec.operation, attempts: attempt })
        throw new SmaregiApiError({
          code: base.code,
          errorCode: base.errorCode,
          message: `${base.message} (a freshly fetched token was refused too)`,
          description: base.description,
          httpStatus: 401,
          retryable: false,
          procName: spec.operation,
          attempts: attempt,
        })
      }
      const error = platformProblemError({ status, body, operation: spec.operation, attempts: attempt })
      const retryAfter = retryAfterMs(response.headers["retry-after"])
      const retry = status === 429 || (idempotent && error.retryable)
      if (!retry || attempt > this.maxRetries || (retryAfter !== undefined && retryAfter > this.maxRetryAfterMs)) throw error
      await this.backoff(spec, attempt, error, retryAfter)
    }
  }

  private async backoff(spec: RequestSpec, attempt: number, error: SmaregiApiError | SmaregiTransportError, retryAfter: number | undefined): Promise<void> {
    const cap = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1))
    const delayMs = Math.max(Math.floor(this.random() * cap), retryAfter ?? 0)
    this.logger?.info("smaregi platform call retry", { operation: spec.operation, contractId: this.contractId, attempt, delayMs, code: error.code })
    await this.sleep(delayMs)
  }

  private send(spec: RequestSpec, token: string): Promise<AxiosResponse<string>> {
    const params = Object.fromEntries(Object.entries(spec.query ?? {}).filter((e): e is [string, string | number] => e[1] !== undefined))
    return axios.request<string>({
      method: spec.method,
      url: `${this.apiUrl}/${encodeURIComponent(this.contractId)}${spec.path}`,
      params,
      data: spec.body === undefined ? undefined : JSON.stringify(spec.body),
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: "application/json",
        ...(spec.body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      responseType: "text",
      transformResponse: [(data: string) => data],
      validateStatus: () => true,
      maxRedirects: 0,
      timeout: this.timeoutMs,
      ...(this.proxy !== undefined ? { proxy: this.proxy } : {}),
    })
  }
}

function digits(id: string): string {
  if (!/^\d+$/.test(id)) throw new RangeError(`not a customerId: ${JSON.stringify(id)}`)
  return id
}

function parseBody(text: unknown): unknown {
  if (typeof text !== "string" || text.trim() === "") return null
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function invalidResponse(operation: string, what: string): SmaregiApiError {
  return new SmaregiApiError({ code: "invalid_response", errorCode: null, message: `${operation}: ${what}`, httpStatus: 200, retryable: false, procName: operation })
}

function arrayOf(body: unknown, operation: string): Json[] {
  if (!Array.isArray(body) || !body.every((row) => typeof row === "object" && row !== null && !Array.isArray(row))) {
    throw invalidResponse(operation, "the answer is not an array of objects")
  }
  return body as Json[]
}

function objectOf(body: unknown, operation: string): Json {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw invalidResponse(operation, "the answer is not a JSON object")
  return body as Json
}

function retryAfterMs(header: unknown): number | undefined {
  if (typeof header !== "string" || header.trim() === "") return undefined
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000
  const at = Date.parse(header)
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now())
}

function transportError(operation: string, raw: unknown, attempts: number): SmaregiTransportError {
  const err = raw as { name?: unknown; code?: unknown; message?: unknown }
  const code = typeof err.code === "string" ? err.code : "transport_error"
  const message = typeof err.message === "string" ? err.message : String(raw)
  const cause: TransportCause = { name: typeof err.name === "string" ? err.name : "Error", message }
  if (typeof err.code === "string") cause.code = err.code
  return new SmaregiTransportError({ code, message: `${operation}: ${message}`, retryable: true, procName: operation, attempts, cause })
}
