// The Platform API behind the transport seam: rows come back in v2 field names, limits and token refresh stay in
// SmaregiPlatformClient, and the token store and rate limiters are handed in (shared per contract by the caller).
import type { AxiosProxyConfig } from "axios"
import type { SmaregiLogger, SmaregiRow } from "../../../smaregi/client"
import type { CustomerRow } from "../../../smaregi/customer-fields"
import { SmaregiApiError } from "../../../smaregi/errors"
import type { SmaregiTransaction } from "../../../smaregi/transaction-schema"
import {
  MAX_PAGE_SIZE,
  SmaregiPlatformClient,
  platformUrls,
  type PlatformEnvironment,
  type TransactionRangeField as PlatformRangeField,
} from "../../../smaregi/platform/client"
import { needsPoints, pickFields } from "../../../smaregi/platform/customer-fields"
import { normalisePlatformHead, normalisePlatformTransaction } from "../../../smaregi/platform/normalise"
import { PlatformTokenProvider, type TokenStore } from "../../../smaregi/platform/token"
import type { RateLimiter } from "../../../smaregi/rate-limiter"
import { formatWallClock, pullWindows, wallClockMs, type PullWindow } from "../../../smaregi/reconcile-windows"
import {
  WITHDRAWN,
  allCustomers,
  customerPage,
  customersById,
  customersByIds,
  customersMatching,
  deleteMember,
  toRows,
  upsertMember,
  withdrawMember,
} from "./platform-members"
import { memoryPlanGate, writeMemberPoints } from "./platform-points"
import type {
  MemberPage,
  MemberQuery,
  MemberWriteMode,
  PlanFeatureGate,
  PointChange,
  SmaregiTransport,
  TransactionRangeField,
  TransportCapabilities,
  WrittenMember,
} from "./types"
import { TRANSPORT_CAPABILITIES } from "./types"

const RANGE_PARAMS: Record<TransactionRangeField, PlatformRangeField> = {
  updDateTime: "upd_date_time",
  transactionDateTime: "transaction_date_time",
}
/** Transactions read with details at once; the read bucket still paces them. */
const DETAIL_CONCURRENCY = 4

export type PlatformTransportOptions = {
  client: SmaregiPlatformClient
  /** Rows per transaction list page (1–1000, default 1000). */
  pageSize?: number
  /** What the contract's plan lacks, kept by the module; per transport when absent. */
  planGate?: PlanFeatureGate
}

export class PlatformTransport implements SmaregiTransport {
  readonly api = "platform" as const
  readonly capabilities: TransportCapabilities = TRANSPORT_CAPABILITIES.platform
  private readonly client: SmaregiPlatformClient
  private readonly pageSize: number
  private readonly planGate: PlanFeatureGate

  constructor(options: PlatformTransportOptions) {
    this.client = options.client
    this.planGate = options.planGate ?? memoryPlanGate()
    this.pageSize = options.pageSize ?? MAX_PAGE_SIZE
    if (!Number.isInteger(this.pageSize) || this.pageSize < 1 || this.pageSize > MAX_PAGE_SIZE) {
      throw new RangeError(`PlatformTransport: pageSize must be 1–${MAX_PAGE_SIZE} (got ${options.pageSize})`)
    }
  }

  toJSON(): Record<string, unknown> {
    return { api: this.api, client: this.client.toJSON() }
  }

  /** Windows of at most 31 days; the API's `-to` is sent one second early so the window stays half-open. */
  async readHeadsByWindow(field: TransactionRangeField, window: PullWindow): Promise<SmaregiRow[]> {
    const seen = new Set<string>()
    const heads: SmaregiRow[] = []
    for (const w of pullWindows(window.from, window.to)) {
      const to = formatWallClock((wallClockMs(w.to) as number) - 1000)
      if (to < w.from) continue
      const rows = await this.client.listAllTransactions({ range: { field: RANGE_PARAMS[field], from: w.from, to }, limit: this.pageSize, sort: "transactionHeadId" })
      for (const raw of rows) {
        const head = normalisedHead(raw)
        const id = head.transactionHeadId as string
        const at = head[field]
        if (seen.has(id) || !at || at < window.from || at >= window.to) continue
        seen.add(id)
        heads.push(head)
      }
    }
    return heads
  }

  /** One `GET /pos/transactions/{id}?with_details=all` per head; a head Smaregi answers 404 for is absent. */
  async readDetailsByHeadIds(headIds: readonly string[]): Promise<Map<string, SmaregiRow[]>> {
    const found = await this.readTransactions(headIds)
    return new Map([...found].map(([id, tx]) => [id, tx.details as SmaregiRow[]]))
  }

  /** Whole transactions (head and details) by id, as the webhook re-reads them; a head Smaregi answers 404 for is absent. */
  async readTransactions(headIds: readonly string[]): Promise<Map<string, SmaregiTransaction>> {
    const ids = [...new Set(headIds)]
    const found = new Map<string, SmaregiTransaction>()
    let next = 0
    let failed = false
    const worker = async (): Promise<void> => {
      while (!failed && next < ids.length) {
        const id = ids[next++]
        try {
          const transaction = await this.transactionOf(id)
          if (transaction) found.set(id, transaction)
        } catch (error) {
          failed = true
          throw error
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(DETAIL_CONCURRENCY, ids.length) }, worker))
    return new Map(ids.filter((id) => found.has(id)).map((id) => [id, found.get(id) as SmaregiTransaction]))
  }

  private async transactionOf(id: string): Promise<SmaregiTransaction | null> {
    let raw
    try {
      raw = await this.client.getTransaction(id)
    } catch (error) {
      if (error instanceof SmaregiApiError && error.httpStatus === 404) return null
      throw error
    }
    const result = normalisePlatformTransaction(raw)
    if (!result.ok) throw invalidResponse("GET /pos/transactions/{id}", `transaction ${id}: ${result.error.message}`)
    return result.value
  }

  async findMembers(query: MemberQuery): Promise<MemberPage> {
    const withPoints = needsPoints(query.fields)
    if ("customerIds" in query) {
      const rows = await toRows(this.client, await customersByIds(this.client, query.customerIds), withPoints)
      return { rows: rows.map((r) => pickFields(r, query.fields)), totalCount: rows.length }
    }
    if ("customerIdsBetween" in query) {
      const { from, to } = query.customerIdsBetween
      const rows = await toRows(this.client, await allCustomers(this.client, { "customer_id-from": from, "customer_id-to": to }), withPoints)
      return { rows: rows.map((r) => pickFields(r, query.fields)), totalCount: rows.length }
    }
    if ("match" in query) {
      const [field, value] = Object.entries(query.match)[0] as [string, string]
      const rows = await toRows(this.client, await customersMatching(this.client, field, value), withPoints)
      return { rows: rows.map((r) => pickFields(r, query.fields)), totalCount: rows.length }
    }
    if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_PAGE_SIZE) {
      throw new RangeError(`findMembers: limit must be 1–${MAX_PAGE_SIZE} (got ${query.limit})`)
    }
    if (query.after !== null && !/^\d+$/.test(query.after)) throw new RangeError(`findMembers: after is not a customerId: ${JSON.stringify(query.after)}`)
    const after = query.after === null ? undefined : String(BigInt(query.after) + 1n)
    const page = await customerPage(this.client, { "customer_id-from": after, sort: "customerId", limit: query.limit, page: 1 })
    const rows = await toRows(this.client, page, withPoints)
    // No total on this API: a full page promises at least one more row, a short page is the end.
    return { rows: rows.map((r) => pickFields(r, query.fields)), totalCount: rows.length + (rows.length === query.limit ? 1 : 0) }
  }

  /** Members as Smaregi holds them now (one `GET /pos/customers/{id}` each, as a webhook names them); unknown ids are absent. */
  async readMembers(customerIds: readonly string[]): Promise<Map<string, SmaregiRow>> {
    return customersById(this.client, customerIds)
  }

  /** `sort=customerId:desc&limit=1`; an API refusing that sort is read in full instead. */
  async highestCustomerId(): Promise<string | null> {
    let rows
    try {
      rows = await customerPage(this.client, { sort: "customerId:desc", limit: 1, page: 1 })
    } catch (error) {
      if (!(error instanceof SmaregiApiError && error.httpStatus === 400)) throw error
      let highest: string | null = null
      await allCustomers(this.client, {}, (page) => {
        for (const r of page) if (highest === null || BigInt(String(r.customerId)) > BigInt(highest)) highest = String(r.customerId)
      })
      return highest
    }
    return rows.length > 0 ? String(rows[0].customerId) : null
  }

  /** One call per member (bulk is plan-gated and asynchronous); `delete` removes the member in Smaregi, a withdrawal (status 3) writes no points. */
  async writeMembers(rows: readonly CustomerRow[], mode: MemberWriteMode, points?: ReadonlyArray<PointChange | null>): Promise<WrittenMember[]> {
    const written: WrittenMember[] = []
    for (const [i, row] of rows.entries()) {
      if (mode === "delete") {
        written.push(await deleteMember(this.client, row))
        continue
      }
      if (row.status === WITHDRAWN) {
        written.push(await withdrawMember(this.client, row))
        continue
      }
      const { point: _point, mile: _mile, ...member } = row
      const done = await upsertMember(this.client, member)
      await writeMemberPoints(this.client, this.planGate, done, row, points?.[i])
      written.push(done)
    }
    return written
  }

  /** Absolute balance; without `expireDate` Smaregi keeps the member's current expiry date. */
  async setPoints(customerId: string, points: number, expireDate?: string | null): Promise<void> {
    await this.client.setPoint(customerId, points, expireDate ? { pointExpireDate: expireDate } : {})
  }

  /** A token and a customer read; the list has no total, so members are counted page by page (1000 a read). */
  async ping(): Promise<{ memberCount: number }> {
    let memberCount = 0
    await allCustomers(this.client, {}, (page) => {
      memberCount += page.length
    })
    return { memberCount }
  }
}

function normalisedHead(raw: Record<string, unknown>): SmaregiRow {
  const result = normalisePlatformHead(raw)
  if (!result.ok) throw invalidResponse("GET /pos/transactions", result.error.message)
  return result.value
}

function invalidResponse(operation: string, message: string): SmaregiApiError {
  return new SmaregiApiError({ code: "invalid_response", errorCode: null, message: `${operation}: ${message}`, httpStatus: 200, retryable: false, procName: operation })
}

export type PlatformConnectionSettings = {
  environment: PlatformEnvironment
  contractId: string
  clientId: string
  clientSecret: string
  /** Overrides of the environment's id/api base URLs. */
  idUrl?: string | null
  apiUrl?: string | null
}

export type PlatformTransportDeps = {
  /** Shared by every transport of the process (or every process, through Redis): one token per contract. */
  tokenStore: TokenStore
  /** Keyed `<contractId>:read` / `<contractId>:write`; size them with PLATFORM_RATE_LIMITS[environment]. */
  readLimiter: RateLimiter
  writeLimiter: RateLimiter
  logger?: SmaregiLogger
  proxy?: AxiosProxyConfig | false
  sleep?: (ms: number) => Promise<void>
  pageSize?: number
  planGate?: PlanFeatureGate
}

/** A transport for one connection's settings; the store and limiters must outlive it for caching and pacing to work. */
export function createPlatformTransport(settings: PlatformConnectionSettings, deps: PlatformTransportDeps): PlatformTransport {
  const urls = platformUrls(settings.environment)
  const tokens = new PlatformTokenProvider({
    idUrl: settings.idUrl || urls.idUrl,
    contractId: settings.contractId,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    store: deps.tokenStore,
    proxy: deps.proxy,
  })
  const client = new SmaregiPlatformClient({
    apiUrl: settings.apiUrl || urls.apiUrl,
    contractId: settings.contractId,
    tokens,
    readLimiter: deps.readLimiter,
    writeLimiter: deps.writeLimiter,
    logger: deps.logger,
    proxy: deps.proxy,
    sleep: deps.sleep,
  })
  return new PlatformTransport({ client, pageSize: deps.pageSize, planGate: deps.planGate })
}
