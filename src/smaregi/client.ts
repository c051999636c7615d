import axios, { type AxiosProxyConfig, type AxiosResponse } from "axios"
import type { CustomerRow } from "./customer-fields"
import { SmaregiApiError, SmaregiTransportError, isPermanentSmaregiCode, smaregiErrorInfo, type TransportCause } from "./errors"
import type { RateLimiter } from "./rate-limiter"
import {
  type ProcDivision,
  type RefProcName,
  type RefQuery,
  type RefTable,
  REF_TABLES,
  MAX_REF_PAGE_ROWS,
  customerUpdParams,
  encodeForm,
  refParams,
} from "./requests"

export type SmaregiLogger = {
  debug?: (message: string, data?: Record<string, unknown>) => void
  info: (message: string, data?: Record<string, unknown>) => void
  warn: (message: string, data?: Record<string, unknown>) => void
  error: (message: string, data?: Record<string, unknown>) => void
}

export type SmaregiClientOptions = {
  apiUrl: string
  contractId: string
  accessToken: string
  timeoutMs?: number
  /** Retries after the first attempt. */
  maxRetries?: number
  baseDelayMs?: number
  maxDelayMs?: number
  /** Acquired with the contract id before every attempt; share one per contract so its calls are paced together. */
  rateLimiter: RateLimiter
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  logger?: SmaregiLogger
  /** Passed to axios; undefined keeps axios' default (HTTP(S)_PROXY from the environment). */
  proxy?: AxiosProxyConfig | false
}

export type SmaregiRow = Record<string, string | null>
export type RefResult = { totalCount: number; rows: SmaregiRow[] }
export type CustomerRefQuery = Omit<RefQuery, "table">
export type TransactionRefQuery = Omit<RefQuery, "table"> & { table?: "TransactionHead" | "TransactionDetail" }
export type SmaregiResultBody = { result: unknown } & Record<string, unknown>

const RETRYABLE_TRANSPORT_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ENETDOWN",
  "timeout",
])

const THROTTLE_STATUSES = new Set([408, 429, 503])

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

type AttemptOutcome =
  | { kind: "ok"; body: SmaregiResultBody }
  | { kind: "retry"; error: SmaregiApiError | SmaregiTransportError; retryAfterMs?: number }
  | { kind: "fail"; error: SmaregiApiError | SmaregiTransportError }

export class SmaregiClient {
  readonly apiUrl: string
  readonly contractId: string
  readonly #accessToken: string
  private readonly timeoutMs: number
  private readonly maxRetries: number
  private readonly baseDelayMs: number
  private readonly maxDelayMs: number
  private readonly rateLimiter: RateLimiter
  private readonly sleep: (ms: number) => Promise<void>
  private readonly random: () => number
  private readonly logger?: SmaregiLogger
  private readonly proxy?: AxiosProxyConfig | false

  constructor(options: SmaregiClientOptions) {
    if (!options.apiUrl) throw new RangeError("SmaregiClient: apiUrl is required")
    if (!options.contractId) throw new RangeError("SmaregiClient: contractId is required")
    if (!options.accessToken) throw new RangeError("SmaregiClient: accessToken is required")
    this.apiUrl = options.apiUrl
    this.contractId = options.contractId
    this.#accessToken = options.accessToken
    this.timeoutMs = options.timeoutMs ?? 10_000
    this.maxRetries = options.maxRetries ?? 4
    this.baseDelayMs = options.baseDelayMs ?? 500
    this.maxDelayMs = options.maxDelayMs ?? 8_000
    this.rateLimiter = options.rateLimiter
    this.sleep = options.sleep ?? realSleep
    this.random = options.random ?? Math.random
    this.logger = options.logger
    this.proxy = options.proxy
  }

  toJSON(): Record<string, unknown> {
    return { apiUrl: this.apiUrl, contractId: this.contractId }
  }

  /** POSTs one procedure; retries transport failures, 5xx and throttling with capped full-jitter backoff. */
  async call<T extends SmaregiResultBody = SmaregiResultBody>(procName: string, params: unknown): Promise<T> {
    const body = encodeForm(procName, params)
    const attemptsAllowed = this.maxRetries + 1
    for (let attempt = 1; ; attempt++) {
      const release = await this.rateLimiter.acquire(this.contractId)
      const started = Date.now()
      let outcome: AttemptOutcome
      try {
        outcome = await this.attempt(procName, body, attempt)
      } finally {
        release()
      }
      const durationMs = Date.now() - started

      if (outcome.kind === "ok") {
        this.logger?.debug?.("smaregi call ok", { procName, contractId: this.contractId, attempt, durationMs })
        return outcome.body as T
      }
      const { error } = outcome
      if (outcome.kind === "fail" || attempt >= attemptsAllowed) {
        this.logger?.warn("smaregi call failed", { procName, contractId: this.contractId, attempt, durationMs, ...summary(error) })
        throw error
      }
      const backoff = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1))
      const jittered = Math.floor(this.random() * backoff)
      const delayMs = Math.min(this.maxDelayMs, Math.max(jittered, outcome.retryAfterMs ?? 0))
      this.logger?.info("smaregi call retry", {
        procName,
        contractId: this.contractId,
        attempt,
        durationMs,
        delayMs,
        ...summary(error),
      })
      await this.sleep(delayMs)
    }
  }

  customerUpd(rows: readonly CustomerRow[], procDivision: ProcDivision = "U"): Promise<SmaregiResultBody> {
    return this.call("customer_upd", customerUpdParams(rows, procDivision))
  }

  customerRef(query: CustomerRefQuery = {}): Promise<RefResult> {
    return this.ref("customer_ref", { ...query, table: "Customer" })
  }

  transactionRef(query: TransactionRefQuery = {}): Promise<RefResult> {
    return this.ref("transaction_ref", { ...query, table: query.table ?? "TransactionHead" })
  }

  /**
   * Pages with `page` = 1, 2, … (at most 500 rows each) until `total_count` rows were read: a short page is not
   * the end, since Smaregi may answer fewer rows than asked. An empty page before that is an error.
   */
  async refAll(
    procName: RefProcName,
    query: Omit<RefQuery, "limit" | "page" | "table"> & { table?: RefTable },
    options: { pageSize?: number; maxPages?: number } = {}
  ): Promise<RefResult> {
    const pageSize = Math.min(options.pageSize ?? MAX_REF_PAGE_ROWS, MAX_REF_PAGE_ROWS)
    const maxPages = options.maxPages ?? 10_000
    const table = query.table ?? REF_TABLES[procName][0]
    const rows: SmaregiRow[] = []
    for (let page = 1; page <= maxPages; page++) {
      const result = await this.ref(procName, { ...query, table, limit: pageSize, page })
      rows.push(...result.rows)
      if (rows.length >= result.totalCount) return { totalCount: result.totalCount, rows }
      if (result.rows.length === 0) {
        throw new SmaregiApiError({
          code: "invalid_response",
          errorCode: null,
          message: `${procName}: page ${page} is empty after ${rows.length} of ${result.totalCount} rows (total_count)`,
          httpStatus: 200,
          retryable: false,
          procName,
        })
      }
    }
    throw new RangeError(`${procName}: more than ${maxPages} pages of ${pageSize} rows`)
  }

  private async ref(procName: RefProcName, query: RefQuery): Promise<RefResult> {
    const allowed: readonly string[] = REF_TABLES[procName]
    if (!allowed.includes(query.table)) {
      throw new RangeError(`${procName}: table must be one of ${allowed.join(", ")} (got ${query.table})`)
    }
    const body = await this.call(procName, refParams(query))
    return parseRefBody(procName, body)
  }

  private async attempt(procName: string, body: string, attempt: number): Promise<AttemptOutcome> {
    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, this.timeoutMs)
    let response: AxiosResponse<string>
    try {
      response = await axios.post<string>(this.apiUrl, body, {
        headers: {
          "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
          X_contract_id: this.contractId,
          X_access_token: this.#accessToken,
        },
        responseType: "text",
        transformResponse: [(data: string) => data],
        validateStatus: () => true,
        maxRedirects: 0,
        signal: controller.signal,
        ...(this.proxy !== undefined ? { proxy: this.proxy } : {}),
      })
    } catch (raw) {
      return transportOutcome(procName, raw, timedOut, this.timeoutMs, attempt)
    } finally {
      clearTimeout(timer)
    }
    return responseOutcome(procName, response, attempt)
  }
}

function summary(error: SmaregiApiError | SmaregiTransportError): Record<string, unknown> {
  return error instanceof SmaregiApiError
    ? { code: error.code, errorCode: error.errorCode, httpStatus: error.httpStatus, message: error.message }
    : { code: error.code, message: error.message }
}

function transportOutcome(procName: string, raw: unknown, timedOut: boolean, timeoutMs: number, attempts: number): AttemptOutcome {
  const err = raw as { name?: unknown; code?: unknown; message?: unknown }
  const rawCode = typeof err.code === "string" ? err.code : undefined
  const rawMessage = typeof err.message === "string" ? err.message : String(raw)
  const code = timedOut ? "timeout" : rawCode ?? (/socket hang up/i.test(rawMessage) ? "ECONNRESET" : "transport_error")
  const cause: TransportCause = { name: typeof err.name === "string" ? err.name : "Error", message: rawMessage }
  if (rawCode) cause.code = rawCode
  const retryable = RETRYABLE_TRANSPORT_CODES.has(code) || /socket hang up/i.test(rawMessage)
  const message = timedOut ? `${procName}: no answer within ${timeoutMs} ms` : `${procName}: ${rawMessage}`
  const error = new SmaregiTransportError({ code, message, retryable, procName, attempts, cause })
  return retryable ? { kind: "retry", error } : { kind: "fail", error }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

function retryAfterMs(header: unknown): number | undefined {
  if (typeof header !== "string" || header.trim() === "") return undefined
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000
  const at = Date.parse(header)
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now())
}

function responseOutcome(procName: string, response: AxiosResponse<string>, attempts: number): AttemptOutcome {
  const status = response.status
  const text = typeof response.data === "string" ? response.data : ""
  const body = parseJson(text)
  const is2xx = status >= 200 && status < 300

  if (is2xx && isRecord(body) && "result" in body) return { kind: "ok", body: body as SmaregiResultBody }

  if (isRecord(body) && body.error_code !== undefined && body.error_code !== null) {
    const errorCode = Number(body.error_code)
    const known = Number.isFinite(errorCode) ? smaregiErrorInfo(errorCode) : undefined
    const permanent = Number.isFinite(errorCode) && isPermanentSmaregiCode(errorCode)
    const retryable = !permanent && (status >= 500 || THROTTLE_STATUSES.has(status))
    const error = new SmaregiApiError({
      code: known?.code ?? `smaregi_${String(body.error_code)}`,
      errorCode: Number.isFinite(errorCode) ? errorCode : null,
      message: typeof body.error === "string" && body.error !== "" ? body.error : known?.ja ?? `Smaregi error ${String(body.error_code)}`,
      description: typeof body.error_description === "string" ? body.error_description : undefined,
      httpStatus: status,
      retryable,
      procName,
      attempts,
    })
    return retryable ? { kind: "retry", error, retryAfterMs: retryAfterMs(response.headers["retry-after"]) } : { kind: "fail", error }
  }

  if (status >= 500 || THROTTLE_STATUSES.has(status)) {
    const error = new SmaregiApiError({
      code: status === 429 || status === 503 ? "throttled" : `http_${status}`,
      errorCode: null,
      message: `${procName}: HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ""}`,
      httpStatus: status,
      retryable: true,
      procName,
      attempts,
    })
    return { kind: "retry", error, retryAfterMs: retryAfterMs(response.headers["retry-after"]) }
  }

  const error = new SmaregiApiError({
    code: is2xx ? "invalid_response" : `http_${status}`,
    errorCode: null,
    message: is2xx
      ? `${procName}: HTTP ${status} without a result (${text === "" ? "empty body" : text.slice(0, 200)})`
      : `${procName}: HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ""}`,
    httpStatus: status,
    retryable: false,
    procName,
    attempts,
  })
  return { kind: "fail", error }
}

function toCell(value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (typeof value === "string") return value
  if (typeof value === "number" || typeof value === "boolean") return String(value)
  return JSON.stringify(value)
}

export function parseRefBody(procName: string, body: SmaregiResultBody): RefResult {
  const result = body.result
  if (!Array.isArray(result) || !result.every(isRecord)) {
    throw new SmaregiApiError({
      code: "invalid_response",
      errorCode: null,
      message: `${procName}: result is not an array of rows`,
      httpStatus: 200,
      retryable: false,
      procName,
    })
  }
  const rows = result.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, toCell(v)])))
  const total = Number(body.total_count)
  return { totalCount: Number.isFinite(total) ? total : rows.length, rows }
}
