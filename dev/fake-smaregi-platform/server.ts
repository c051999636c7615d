import http from "node:http"
import { randomBytes, randomUUID } from "node:crypto"
import type { AddressInfo, Socket } from "node:net"
import { checkCustomerBody, listCustomerPoints, listCustomers, pointAnswer, pointValue } from "./customers"
import { type Answer, type Json, Problem, TITLES, isRecord, isoNow, problem, problemAnswer, readBody, send } from "./http"
import { headOnly, listTransactions } from "./transactions"
import type { FakePlatformContract, FakePlatformOptions, FakePlatformRequest, PlatformFault, WebhookDelivery, WebhookResult, FakeSmaregiPlatform } from "./types"

// A local stand-in for the Smaregi Platform API (smaregi-platform.md): the token endpoint of id.smaregi.* and the
// POS endpoints of api.smaregi.* on one server, in-memory contracts, a request log, fault injection and a
// webhook sender. It enforces the documented rules as strictly as they are documented.

export const PLATFORM_SCOPES = ["pos.transactions:read", "pos.customers:read", "pos.customers:write"] as const
export const PLAN_GATED_MESSAGE = "この機能はご契約のプランではご利用いただけません（プレミアムプラス・フードビジネス・リテールビジネスプランが必要です）"
export const WEBHOOK_USER_AGENT = "Smaregi-Platform-Api-Webhook/1.0.0"

export type { FakePlatformContract, FakePlatformOptions, FakePlatformRequest, PlatformFault, WebhookDelivery, WebhookResult, FakeSmaregiPlatform } from "./types"

type Token = { contractId: string; scopes: Set<string>; expiresAt: number }
type ContractData = { transactions: Map<string, Json>; customers: Map<string, Json>; nextCustomerId: number; arrivals: { read: number[]; write: number[] } }

const MAX_BULK = 100

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

    if (route === "GET /pos/transactions") return { status: 200, body: listTransactions(d.transactions, query) }
    if (method === "GET" && (m = /^\/pos\/transactions\/(\d+)$/.exec(rest))) {
      const tx = d.transactions.get(m[1])
      if (!tx) problem(404, `transaction ${m[1]} does not exist`)
      const withDetails = query.with_details ?? "none"
      if (!["all", "summary", "none"].includes(withDetails)) problem(400, `with_details must be all, summary or none (got ${JSON.stringify(withDetails)})`)
      return { status: 200, body: withDetails === "none" ? headOnly(tx) : tx }
    }
    if (route === "GET /pos/customers") return { status: 200, body: listCustomers(d.customers, query) }
    if (route === "GET /pos/customers/point") return { status: 200, body: listCustomerPoints(d.customers, query) }
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
    clearData() {
      data.clear()
      requests.length = 0
      faults = []
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
