import { startFakeSmaregiPlatform, type FakeSmaregiPlatform } from "../../../../dev/fake-smaregi-platform/server"
import { SmaregiApiError } from "../../errors"
import { type RateLimiter, releaseNothing, unlimitedRateLimiter } from "../../rate-limiter"
import { makePlatformTransaction } from "../__fixtures__/transactions"
import { SmaregiPlatformClient, isPlanFeatureError, platformUrls, type SmaregiPlatformClientOptions } from "../client"
import { InMemoryTokenStore, PlatformTokenProvider, type TokenProviderOptions } from "../token"

const CONTRACT = "sb_test1"

let fake: FakeSmaregiPlatform
beforeAll(async () => {
  fake = await startFakeSmaregiPlatform({ contracts: [{ contractId: CONTRACT, clientId: "cid", clientSecret: "csecret" }] })
})
afterAll(() => fake.stop())
beforeEach(() => fake.reset())

function setup(opts: { token?: Partial<TokenProviderOptions>; client?: Partial<SmaregiPlatformClientOptions> } = {}) {
  const sleeps: number[] = []
  const tokens = new PlatformTokenProvider({ idUrl: fake.url, contractId: CONTRACT, clientId: "cid", clientSecret: "csecret", ...opts.token })
  const client = new SmaregiPlatformClient({
    apiUrl: fake.url,
    contractId: CONTRACT,
    tokens,
    readLimiter: unlimitedRateLimiter,
    writeLimiter: unlimitedRateLimiter,
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    random: () => 0,
    ...opts.client,
  })
  return { client, tokens, sleeps }
}

const apiCalls = (path: RegExp) => fake.requests.filter((r) => path.test(r.path))
const caught = async (promise: Promise<unknown>): Promise<SmaregiApiError> => {
  try {
    await promise
  } catch (e) {
    if (e instanceof SmaregiApiError) return e
    throw e
  }
  throw new Error("expected a SmaregiApiError")
}

describe("platformUrls", () => {
  it.each([
    ["sandbox", "https://id.smaregi.dev", "https://api.smaregi.dev"],
    ["production", "https://id.smaregi.jp", "https://api.smaregi.jp"],
  ] as const)("%s", (env, idUrl, apiUrl) => expect(platformUrls(env)).toEqual({ idUrl, apiUrl }))
})

describe("PlatformTokenProvider against the fake", () => {
  it("fetches with Basic client credentials and the scopes, then serves the cached token", async () => {
    const { tokens } = setup()
    const first = await tokens.getToken()
    expect(await tokens.getToken()).toBe(first)
    expect(fake.tokensIssued()).toBe(1)
    const [call] = apiCalls(/\/token$/)
    expect(call.path).toBe(`/app/${CONTRACT}/token`)
    expect(call.authorization).toBe(`Basic ${Buffer.from("cid:csecret").toString("base64")}`)
  })

  it("single-flights concurrent callers into one token request", async () => {
    const { tokens } = setup()
    const all = await Promise.all([tokens.getToken(), tokens.getToken(), tokens.getToken()])
    expect(new Set(all).size).toBe(1)
    expect(fake.tokensIssued()).toBe(1)
  })

  it("refreshes shortly before expires_in runs out", async () => {
    let now = 1_000_000
    fake.setTokenTtl(3600)
    const { tokens } = setup({ token: { now: () => now, refreshMarginMs: 60_000 } })
    const first = await tokens.getToken()
    now += 3_540_000 - 1
    expect(await tokens.getToken()).toBe(first)
    now += 1
    expect(await tokens.getToken()).not.toBe(first)
    expect(fake.tokensIssued()).toBe(2)
  })

  it("shares a token through the store between providers", async () => {
    const store = new InMemoryTokenStore()
    const a = setup({ token: { store } }).tokens
    const b = setup({ token: { store } }).tokens
    expect(await b.getToken()).toBe(await a.getToken())
    expect(fake.tokensIssued()).toBe(1)
  })

  it("names refused client credentials", async () => {
    const { tokens } = setup({ token: { clientSecret: "wrong" } })
    const error = await caught(tokens.getToken())
    expect(error).toMatchObject({ code: "authentication_failed", errorCode: 21, httpStatus: 401, retryable: false })
    expect(error.message).toMatch(/client id\/secret were refused for contract sb_test1/)
  })

  it("names an unknown scope", async () => {
    const { tokens } = setup({ token: { scopes: ["pos.transactions:read", "pos.orders:write"] } })
    const error = await caught(tokens.getToken())
    expect(error).toMatchObject({ code: "invalid_input", httpStatus: 400 })
    expect(error.message).toMatch(/unknown scope pos\.orders:write/)
  })
})

describe("SmaregiPlatformClient against the fake", () => {
  it("fetches a transaction with details in the v2 shape", async () => {
    fake.seedTransactions([makePlatformTransaction({ transactionHeadId: "25" })])
    const { client } = setup()
    const tx = await client.fetchTransaction("25")
    expect(tx.head).toMatchObject({ transactionHeadId: "25", charge: "5000", depositOthers1: "6000", updDateTime: "2026-05-10 14:03:25" })
    expect(tx.details).toHaveLength(2)
    expect(apiCalls(/\/pos\/transactions\/25$/)[0].query).toEqual({ with_details: "all" })
  })

  it("reports a missing transaction as not_found", async () => {
    const { client } = setup()
    expect(await caught(client.fetchTransaction("99"))).toMatchObject({ code: "not_found", httpStatus: 404, retryable: false })
  })

  it("refuses a payload the normaliser cannot read, naming the field", async () => {
    fake.seedTransactions([makePlatformTransaction({ transactionHeadId: "26", updDateTime: "yesterday" })])
    const error = await caught(setup().client.fetchTransaction("26"))
    expect(error).toMatchObject({ code: "invalid_response", description: "invalid_datetime" })
    expect(error.message).toMatch(/transaction\.updDateTime/)
  })

  it("refreshes an expired token once on 401 and goes on", async () => {
    fake.seedTransactions([makePlatformTransaction({ transactionHeadId: "25" })])
    const { client } = setup()
    await client.fetchTransaction("25")
    fake.expireTokens()
    await client.fetchTransaction("25")
    expect(fake.tokensIssued()).toBe(2)
    expect(apiCalls(/\/pos\/transactions\/25$/).map((r) => r.status)).toEqual([200, 401, 200])
  })

  it("fails with a clear error when the refreshed token is refused too", async () => {
    fake.fault({ status: 401, detail: "token revoked", match: "^GET /pos/customers$", times: 5 })
    const { client } = setup()
    const error = await caught(client.ping())
    expect(error).toMatchObject({ code: "invalid_access_token", errorCode: 13, httpStatus: 401, retryable: false })
    expect(error.message).toMatch(/token revoked.*freshly fetched token was refused too/)
    expect(apiCalls(/\/pos\/customers$/)).toHaveLength(2)
    expect(fake.tokensIssued()).toBe(2)
  })

  it("waits for Retry-After on 429 and retries", async () => {
    fake.fault({ status: 429, retryAfterSeconds: 3, match: "^GET /pos/customers$", times: 2 })
    const { client, sleeps } = setup()
    await client.ping()
    expect(sleeps).toEqual([3000, 3000])
    expect(apiCalls(/\/pos\/customers$/).map((r) => r.status)).toEqual([429, 429, 200])
  })

  it("retries a 429 of a create but not a 500", async () => {
    const { client, sleeps } = setup()
    fake.fault({ status: 429, retryAfterSeconds: 1, match: "^POST /pos/customers$" })
    const created = await client.createCustomer({ customerCode: "M1", firstName: "太郎", lastName: "山田" })
    expect(created.customerId).toBe("1")
    expect(sleeps).toEqual([1000])
    fake.fault({ status: 500, match: "^POST /pos/customers$" })
    expect(await caught(client.createCustomer({ customerCode: "M2", firstName: "花子", lastName: "山田" }))).toMatchObject({ code: "http_500", retryable: true, attempts: 1 })
  })

  it("retries a 503 of a read with backoff and gives up after maxRetries", async () => {
    fake.fault({ status: 500, match: "^GET /pos/customers$", times: -1 })
    const { client, sleeps } = setup({ client: { maxRetries: 2 } })
    expect(await caught(client.ping())).toMatchObject({ code: "http_500", attempts: 3 })
    expect(sleeps).toHaveLength(2)
  })

  it("honours the server's rate limit per contract through Retry-After", async () => {
    fake.setRateLimits({ writePerSecond: 1, retryAfterSeconds: 1 })
    const sleeps: number[] = []
    const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
    const { client } = setup({ client: { sleep: (ms) => (sleeps.push(ms), realSleep(ms)) } })
    const { customerId } = await client.createCustomer({ customerCode: "M1", firstName: "太郎", lastName: "山田" })
    await client.setPoint(customerId, 120)
    expect(fake.customersOf(CONTRACT).get(customerId)?.point).toBe("120")
    expect(sleeps.length).toBeGreaterThanOrEqual(1)
    expect(sleeps.every((ms) => ms === 1000)).toBe(true)
  })

  const ping = (client: SmaregiPlatformClient) => client.ping()
  const create = (client: SmaregiPlatformClient) => client.createCustomer({ customerCode: "M1", firstName: "太郎", lastName: "山田" })
  it.each<[string, () => void, (client: SmaregiPlatformClient) => Promise<unknown>, Partial<SmaregiPlatformClientOptions>, string[]]>([
    [
      "a 500 read after the last retry",
      () => fake.fault({ status: 500, match: "^GET /pos/customers$", times: -1 }),
      ping,
      { maxRetries: 2 },
      ["acquire", "release", "sleep", "acquire", "release", "sleep", "acquire", "release"],
    ],
    ["a 500 create", () => fake.fault({ status: 500, match: "^POST /pos/customers$" }), create, {}, ["acquire", "release"]],
    ["a refused connection", () => undefined, ping, { apiUrl: "http://127.0.0.1:1", maxRetries: 1 }, ["acquire", "release", "sleep", "acquire", "release"]],
  ])("releases every slot before its backoff and when the call throws (%s)", async (_, arrange, call, options, expected) => {
    arrange()
    const events: string[] = []
    const counting: RateLimiter = { acquire: async () => (events.push("acquire"), () => void events.push("release")) }
    const { client } = setup({ client: { readLimiter: counting, writeLimiter: counting, sleep: async () => void events.push("sleep"), ...options } })
    await expect(call(client)).rejects.toBeInstanceOf(Error)
    expect(events).toEqual(expected)
  })

  it("takes read and write slots from separate buckets per contract", async () => {
    const keys: string[] = []
    const recording: RateLimiter = { acquire: async (key) => (keys.push(key), releaseNothing) }
    const { client } = setup({ client: { readLimiter: recording, writeLimiter: { acquire: async (key) => (keys.push(`W ${key}`), releaseNothing) } } })
    const { customerId } = await client.createCustomer({ customerCode: "M1", firstName: "太郎", lastName: "山田" })
    await client.findCustomers({ customerCode: "M1" })
    await client.updateCustomer(customerId, { firstName: "次郎" })
    expect(keys).toEqual([`W ${CONTRACT}:write`, `${CONTRACT}:read`, `W ${CONTRACT}:write`])
  })

  it("pages until a short page and stops there", async () => {
    fake.seedTransactions([1, 2, 3, 4, 5].map((n) => makePlatformTransaction({ transactionHeadId: String(n), updDateTime: `2026-05-0${n}T10:00:00+09:00` })))
    const { client } = setup()
    const rows = await client.listAllTransactions({ range: { field: "upd_date_time", from: "2026-05-01 00:00:00", to: "2026-05-31 00:00:00" }, limit: 2, sort: "transactionHeadId" })
    expect(rows.map((r) => r.transactionHeadId)).toEqual(["1", "2", "3", "4", "5"])
    expect(rows[0]).not.toHaveProperty("details")
    const pages = apiCalls(/\/pos\/transactions$/).map((r) => r.query)
    expect(pages.map((q) => q.page)).toEqual(["1", "2", "3"])
    expect(pages[0]).toMatchObject({ "upd_date_time-from": "2026-05-01T00:00:00+09:00", "upd_date_time-to": "2026-05-31T00:00:00+09:00", limit: "2" })
  })

  it("reads one more (empty) page when the last page is full", async () => {
    fake.seedTransactions([1, 2, 3, 4].map((n) => makePlatformTransaction({ transactionHeadId: String(n), updDateTime: "2026-05-02T10:00:00+09:00" })))
    const rows = await setup().client.listAllTransactions({ range: { field: "upd_date_time", from: "2026-05-01 00:00:00", to: "2026-05-03 00:00:00" }, limit: 2 })
    expect(rows).toHaveLength(4)
    expect(apiCalls(/\/pos\/transactions$/)).toHaveLength(3)
  })

  it("splits a long range into windows of at most 31 days the fake accepts", async () => {
    fake.seedTransactions([
      makePlatformTransaction({ transactionHeadId: "1", updDateTime: "2026-01-05T10:00:00+09:00" }),
      makePlatformTransaction({ transactionHeadId: "2", updDateTime: "2026-02-20T10:00:00+09:00" }),
      makePlatformTransaction({ transactionHeadId: "3", updDateTime: "2026-03-30T10:00:00+09:00" }),
    ])
    const heads = await setup().client.readHeadsByWindow("2026-01-01 00:00:00", "2026-04-01 00:00:00")
    expect(heads.map((h) => h.transactionHeadId)).toEqual(["1", "2", "3"])
    const windows = apiCalls(/\/pos\/transactions$/).map((r) => [r.query["upd_date_time-from"], r.query["upd_date_time-to"], r.status])
    expect(windows).toEqual([
      ["2026-01-01T00:00:00+09:00", "2026-02-01T00:00:00+09:00", 200],
      ["2026-02-01T00:00:00+09:00", "2026-03-04T00:00:00+09:00", 200],
      ["2026-03-04T00:00:00+09:00", "2026-04-01T00:00:00+09:00", 200],
    ])
  })

  it("surfaces the fake's refusal of a range over 31 days", async () => {
    const error = await caught(setup().client.listTransactions({ range: { field: "upd_date_time", from: "2026-01-01 00:00:00", to: "2026-02-02 00:00:00" } }))
    expect(error).toMatchObject({ code: "invalid_input", httpStatus: 400 })
    expect(error.message).toMatch(/more than 31 days/)
  })

  it("creates, updates, sets points and deletes a member", async () => {
    const { client } = setup()
    const created = await client.createCustomer({ customerCode: "M0001", firstName: "太郎", lastName: "山田", mailAddress: "taro@example.test" })
    expect(created).toMatchObject({ customerId: "1", customerCode: "M0001", point: "0" })
    expect(await client.updateCustomer(created.customerId, { rank: "GOLD" })).toMatchObject({ rank: "GOLD", firstName: "太郎" })
    expect(await client.setPoint(created.customerId, 300)).toMatchObject({ customerId: "1", point: "300" })
    expect((await client.findCustomers({ customerCode: "M0001" })).map((c) => c.customerId)).toEqual(["1"])
    await client.deleteCustomer(created.customerId)
    expect(await client.findCustomers({ customerCode: "M0001" })).toEqual([])
  })

  it("maps a duplicate customerCode to already_exists", async () => {
    const { client } = setup()
    await client.createCustomer({ customerCode: "M0001", firstName: "太郎", lastName: "山田" })
    expect(await caught(client.createCustomer({ customerCode: "M0001", firstName: "花子", lastName: "山田" }))).toMatchObject({ code: "already_exists", errorCode: 42 })
  })

  it("says when the plan lacks point/add and bulk, and works once the plan has them", async () => {
    const { client } = setup()
    const { customerId } = await client.createCustomer({ customerCode: "M1", firstName: "太郎", lastName: "山田" })
    const error = await caught(client.addPoint(customerId, 50))
    expect(error).toMatchObject({ code: "function_disabled", errorCode: 23, httpStatus: 403, retryable: false })
    expect(error.message).toMatch(/プレミアムプラス/)
    expect(isPlanFeatureError(error)).toBe(true)
    const bulk = await caught(client.bulkCreateCustomers([{ customerCode: "M2", firstName: "a", lastName: "b" }], "https://shop.test/cb"))
    expect(isPlanFeatureError(bulk)).toBe(true)
    expect(isPlanFeatureError(await caught(client.updateCustomer("999", { rank: "x" })))).toBe(false)

    fake.setPlan("premium-plus", CONTRACT)
    expect(await client.addPoint(customerId, 50)).toMatchObject({ point: "50" })
    expect(await client.addPoint(customerId, -20)).toMatchObject({ point: "30" })
  })

  it("refuses bad ids before calling", async () => {
    const { client } = setup()
    await expect(client.getTransaction("12a")).rejects.toThrow(/not a transactionHeadId: "12a"/)
    await expect(client.setPoint("x", 1)).rejects.toThrow(/not a customerId/)
    await expect(client.setPoint("1", -1)).rejects.toThrow(/non-negative/)
    expect(fake.requests).toHaveLength(0)
  })

  it("refuses a token provider of another contract", () => {
    const tokens = new PlatformTokenProvider({ idUrl: fake.url, contractId: "sb_other", clientId: "cid", clientSecret: "s" })
    expect(() => new SmaregiPlatformClient({ apiUrl: fake.url, contractId: CONTRACT, tokens })).toThrow(/token provider is for contract sb_other/)
  })
})

describe("failure paths outside the fake's rules", () => {
  // A stand-in Smaregi that answers whatever a test sets, for answers the real API should never give.
  let stub: import("node:http").Server
  let stubUrl = ""
  let answer: { status: number; body: string } = { status: 200, body: "{}" }
  beforeAll(async () => {
    const http = await import("node:http")
    stub = http.createServer((req, res) => {
      req.resume()
      res.writeHead(answer.status, { "Content-Type": "application/json" })
      res.end(answer.body)
    })
    await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve))
    stubUrl = `http://127.0.0.1:${(stub.address() as import("node:net").AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => stub.close(() => resolve())))

  const closedPort = async (): Promise<string> => {
    const http = await import("node:http")
    const server = http.createServer()
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    const url = `http://127.0.0.1:${(server.address() as import("node:net").AddressInfo).port}`
    await new Promise<void>((resolve) => server.close(() => resolve()))
    return url
  }

  it.each([
    ["no access_token", '{"token_type":"Bearer","expires_in":3600}'],
    ["no expires_in", '{"access_token":"t","token_type":"Bearer"}'],
    ["a zero expires_in", '{"access_token":"t","expires_in":0}'],
    ["not JSON", "<html>"],
  ])("a token answer with %s is invalid_response", async (_name, body) => {
    answer = { status: 200, body }
    const tokens = new PlatformTokenProvider({ idUrl: stubUrl, contractId: CONTRACT, clientId: "cid", clientSecret: "s" })
    const error = await caught(tokens.getToken())
    expect(error).toMatchObject({ code: "invalid_response", retryable: false })
    expect(error.message).toMatch(/without access_token and a positive expires_in/)
  })

  it("an unreachable token endpoint is a retryable transport error", async () => {
    const tokens = new PlatformTokenProvider({ idUrl: await closedPort(), contractId: CONTRACT, clientId: "cid", clientSecret: "s" })
    await expect(tokens.getToken()).rejects.toMatchObject({ name: "SmaregiTransportError", code: "ECONNREFUSED", retryable: true })
  })

  it("retries an unreachable API for reads but not for a create", async () => {
    const { client, sleeps } = setup({ client: { apiUrl: await closedPort(), maxRetries: 2 } })
    await expect(client.ping()).rejects.toMatchObject({ name: "SmaregiTransportError", code: "ECONNREFUSED", attempts: 3 })
    expect(sleeps).toHaveLength(2)
    await expect(client.createCustomer({ customerCode: "M1", firstName: "a", lastName: "b" })).rejects.toMatchObject({ code: "ECONNREFUSED", attempts: 1 })
    expect(sleeps).toHaveLength(2)
  })

  it.each<[string, string, (c: SmaregiPlatformClient) => Promise<unknown>, RegExp]>([
    ["a list that is no array", "{}", (c) => c.findCustomers(), /GET \/pos\/customers: the answer is not an array of objects/],
    ["a transaction that is no object", "[]", (c) => c.getTransaction("1"), /not a JSON object/],
    ["a create without customerId", '{"customerCode":"M1"}', (c) => c.createCustomer({ customerCode: "M1", firstName: "a", lastName: "b" }), /has no customerId/],
  ])("%s is invalid_response", async (_name, body, run, message) => {
    const { client } = setup({ client: { apiUrl: stubUrl } })
    answer = { status: 200, body }
    const error = await caught(run(client))
    expect(error).toMatchObject({ code: "invalid_response", retryable: false })
    expect(error.message).toMatch(message)
  })

  it("a Retry-After beyond maxRetryAfterMs fails at once, retryable", async () => {
    fake.fault({ status: 429, retryAfterSeconds: 120, match: "^GET /pos/customers$" })
    const { client, sleeps } = setup()
    expect(await caught(client.ping())).toMatchObject({ code: "throttled", retryable: true, attempts: 1 })
    expect(sleeps).toEqual([])
  })

  it("stops paging at maxPages", async () => {
    fake.seedTransactions([1, 2, 3].map((n) => makePlatformTransaction({ transactionHeadId: String(n), updDateTime: "2026-05-02T10:00:00+09:00" })))
    const { client } = setup()
    await expect(
      client.listAllTransactions({ range: { field: "upd_date_time", from: "2026-05-01 00:00:00", to: "2026-05-03 00:00:00" }, limit: 1 }, { maxPages: 2 })
    ).rejects.toThrow(/more than 2 pages of 1 rows/)
  })

  it("refuses a page size or bulk size the API does not take, before calling", async () => {
    const { client } = setup()
    const range = { field: "upd_date_time" as const, from: "2026-05-01 00:00:00", to: "2026-05-02 00:00:00" }
    await expect(client.listTransactions({ range, limit: 1001 })).rejects.toThrow(/limit must be 1–1000/)
    await expect(client.listTransactions({ range: { ...range, from: "2026-05-01" } })).rejects.toThrow(/YYYY-MM-DD HH:MM:SS/)
    await expect(client.bulkCreateCustomers([], "https://x.test")).rejects.toThrow(/1–100 rows/)
    expect(fake.requests).toHaveLength(0)
  })

  it("invalidate drops only the token that was refused", async () => {
    const store = new InMemoryTokenStore()
    const { tokens } = setup({ token: { store } })
    const current = await tokens.getToken()
    await tokens.invalidate("an-older-token")
    expect(await tokens.getToken()).toBe(current)
    await tokens.invalidate(current)
    expect(await tokens.getToken()).not.toBe(current)
    expect(fake.tokensIssued()).toBe(2)
  })

  it("the in-memory store forgets an expired token", async () => {
    let now = 0
    const store = new InMemoryTokenStore(() => now)
    await store.set("k", { accessToken: "t", expiresAt: 1000, scope: "" })
    expect(await store.get("k")).toMatchObject({ accessToken: "t" })
    now = 1000
    expect(await store.get("k")).toBeNull()
  })
})
