import { inspect } from "node:util"
import axios from "axios"
import { startFakeSmaregi, type FakeSmaregi } from "../../../dev/fake-smaregi/server"
import { SmaregiClient, type SmaregiClientOptions, type SmaregiLogger } from "../client"
import type { CustomerRow } from "../customer-fields"
import { SmaregiApiError, SmaregiTransportError } from "../errors"
import { InMemoryRateLimiter, type RateLimiter, unlimitedRateLimiter } from "../rate-limiter"
import { encodeForm } from "../requests"

const CONTRACT = { contractId: "smaregi-test-001", accessToken: "tok-3f9a7c1e-secret" }

let fake: FakeSmaregi

beforeAll(async () => {
  fake = await startFakeSmaregi({ port: 0, contracts: [CONTRACT] })
})
afterAll(() => fake.stop())
beforeEach(() => fake.reset())

/** Records acquire, release (and, when wired to the client's sleep, backoff) in order. */
function countingLimiter(): { limiter: RateLimiter; keys: string[]; events: string[] } {
  const keys: string[] = []
  const events: string[] = []
  const limiter: RateLimiter = {
    acquire: async (key) => {
      keys.push(key)
      events.push("acquire")
      return () => void events.push("release")
    },
  }
  return { limiter, keys, events }
}

type LogLine = { level: string; message: string; data?: Record<string, unknown> }

function makeClient(overrides: Partial<SmaregiClientOptions> = {}): { client: SmaregiClient; sleeps: number[]; lines: LogLine[] } {
  const sleeps: number[] = []
  const lines: LogLine[] = []
  const logger: SmaregiLogger = {
    debug: (message, data) => lines.push({ level: "debug", message, data }),
    info: (message, data) => lines.push({ level: "info", message, data }),
    warn: (message, data) => lines.push({ level: "warn", message, data }),
    error: (message, data) => lines.push({ level: "error", message, data }),
  }
  const client = new SmaregiClient({
    apiUrl: fake.url,
    ...CONTRACT,
    timeoutMs: 2000,
    baseDelayMs: 10,
    maxDelayMs: 40,
    rateLimiter: unlimitedRateLimiter,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    logger,
    ...overrides,
  })
  return { client, sleeps, lines }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error("expected the call to fail")
}

const hanako: CustomerRow = {
  customerId: "345",
  customerCode: "M000000345",
  lastName: "山田",
  firstName: "花子",
  sex: "2",
  lastKana: "ヤマダ",
  firstKana: "ハナコ",
  mailAddress: "hanako@example.jp",
  point: "1200",
}

describe("SmaregiClient against the fake Smaregi server", () => {
  it("sends customer_upd with underscore headers and a form body, and stores the member", async () => {
    const { client } = makeClient()
    await expect(client.customerUpd([hanako])).resolves.toEqual({ result: { Customer: 1 } })

    expect(fake.members.get("345")).toMatchObject({ ...hanako })
    const [request] = fake.requests
    const names = request.headers.map(([name]) => name)
    expect(names).toEqual(expect.arrayContaining(["X_contract_id", "X_access_token", "Content-Type"]))
    expect(names.some((n) => /^x-(contract|access)/i.test(n))).toBe(false)
    expect(request.headers).toContainEqual(["Content-Type", "application/x-www-form-urlencoded; charset=UTF-8"])
    expect(request.headers).toContainEqual(["X_contract_id", CONTRACT.contractId])
    expect(request).toMatchObject({
      procName: "customer_upd",
      params: { proc_info: { proc_division: "U" }, data: [{ table_name: "Customer", rows: [hanako] }] },
      status: 200,
    })
  })

  it("deletes with proc_division D", async () => {
    const { client } = makeClient()
    await client.customerUpd([hanako, { customerId: "346", customerCode: "M000000346", lastName: "佐藤", firstName: "一郎", sex: "1" }])
    await expect(client.customerUpd([hanako], "D")).resolves.toEqual({ result: { Customer: 1 } })
    expect([...fake.members.keys()]).toEqual(["346"])
  })

  it("surfaces error 41 with Smaregi's Japanese message and does not retry", async () => {
    const { client, sleeps } = makeClient()
    const error = await rejection(client.customerUpd([{ ...hanako, lastKana: "山田" }]))
    expect(error).toBeInstanceOf(SmaregiApiError)
    expect(error).toMatchObject({
      code: "invalid_input",
      errorCode: 41,
      message: "入力値が不正です。(lastKana)",
      description: 'row 0: lastKana: must be full-width katakana (ァ-ヶ, ー, ・, spaces) or half-width letters and digits (got "山田")',
      httpStatus: 400,
      retryable: false,
      procName: "customer_upd",
      attempts: 1,
    })
    expect(fake.requests).toHaveLength(1)
    expect(sleeps).toEqual([])
  })

  it.each<[string, number, string]>([
    ["customer code conflict", 42, "既に登録されています。(customerCode)"],
  ])("surfaces %s (error %i) verbatim", async (_name, errorCode, message) => {
    const { client } = makeClient()
    await client.customerUpd([hanako])
    const error = await rejection(client.customerUpd([{ ...hanako, customerId: "999" }]))
    expect(error).toMatchObject({ errorCode, message, retryable: false })
  })

  it.each<[string, number, string, Partial<SmaregiClientOptions>]>([
    ["wrong token", 13, "アクセストークンが無効です。", { accessToken: "tok-wrong" }],
    ["unknown contract", 14, "契約IDが無効です。", { contractId: "other-contract" }],
  ])("%s → error %i", async (_name, errorCode, message, overrides) => {
    const { client } = makeClient(overrides)
    const error = await rejection(client.customerRef())
    expect(error).toMatchObject({ errorCode, message, httpStatus: 400, retryable: false, attempts: 1 })
    expect(fake.requests).toHaveLength(1)
  })

  it.each<[string, Record<string, string>, number]>([
    ["hyphenated names", { "X-Contract-Id": CONTRACT.contractId, "X-Access-Token": CONTRACT.accessToken }, 14],
    ["hyphenated token only", { X_contract_id: CONTRACT.contractId, "X-Access-Token": CONTRACT.accessToken }, 13],
  ])("the fake rejects %s", async (_name, headers, errorCode) => {
    const response = await axios.post(fake.url, encodeForm("customer_ref", { table_name: "Customer" }), {
      headers: { "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8", ...headers },
      validateStatus: () => true,
    })
    expect(response.status).toBe(400)
    expect(response.data).toMatchObject({ error_code: errorCode })
  })

  it("retries HTTP 500 with capped full-jitter backoff, then succeeds", async () => {
    fake.fault({ status: 500, times: 2 })
    const { client, sleeps, lines } = makeClient({ random: () => 0.99 })
    await expect(client.customerUpd([hanako])).resolves.toEqual({ result: { Customer: 1 } })
    expect(fake.requests.map((r) => r.status)).toEqual([500, 500, 200])
    expect(sleeps).toEqual([9, 19])
    expect(lines.filter((l) => l.message === "smaregi call retry")).toHaveLength(2)
  })

  it("throws a retryable SmaregiApiError after the last attempt on persistent 5xx", async () => {
    fake.fault({ status: 500, times: -1 })
    const { client, sleeps } = makeClient({ maxRetries: 2, random: () => 1 })
    const error = await rejection(client.customerRef())
    expect(error).toBeInstanceOf(SmaregiApiError)
    expect(error).toMatchObject({ httpStatus: 500, retryable: true, attempts: 3, code: "http_500", errorCode: null })
    expect(fake.requests).toHaveLength(3)
    expect(sleeps).toEqual([10, 20])
  })

  it.each<[number, number | undefined, number]>([
    [429, 3, 40],
    [503, 0, 5],
  ])("retries HTTP %i waiting at least Retry-After %p s, bounded by maxDelayMs", async (status, retryAfterSeconds, expectedSleep) => {
    fake.fault({ status: status as 429 | 503, retryAfterSeconds })
    const { client, sleeps } = makeClient()
    await expect(client.customerRef()).resolves.toEqual({ totalCount: 0, rows: [] })
    expect(fake.requests.map((r) => r.status)).toEqual([status, 200])
    expect(sleeps).toEqual([expectedSleep])
  })

  it("retries a dropped connection", async () => {
    fake.fault({ drop: true, times: 2 })
    const { client, lines } = makeClient()
    await expect(client.customerUpd([hanako])).resolves.toEqual({ result: { Customer: 1 } })
    expect(fake.requests).toHaveLength(3)
    expect(lines.filter((l) => l.message === "smaregi call retry").map((l) => l.data?.code)).toEqual(["ECONNRESET", "ECONNRESET"])
  })

  it("retries a timeout", async () => {
    fake.fault({ stallMs: 1500 })
    const { client, lines } = makeClient({ timeoutMs: 150 })
    await expect(client.customerRef()).resolves.toEqual({ totalCount: 0, rows: [] })
    expect(fake.requests).toHaveLength(2)
    expect(lines.find((l) => l.message === "smaregi call retry")?.data).toMatchObject({ code: "timeout", attempt: 1 })
  })

  it("gives up on persistent timeouts with a retryable SmaregiTransportError", async () => {
    fake.fault({ stallMs: 1500, times: 2 })
    const { client } = makeClient({ timeoutMs: 100, maxRetries: 1 })
    const error = await rejection(client.customerRef())
    expect(error).toBeInstanceOf(SmaregiTransportError)
    expect(error).toMatchObject({ code: "timeout", retryable: true, attempts: 2, procName: "customer_ref" })
  })

  it("gives up on a refused connection", async () => {
    const closed = await startFakeSmaregi({ port: 0 })
    const url = closed.url
    await closed.stop()
    const { client, sleeps } = makeClient({ apiUrl: url, maxRetries: 2 })
    const error = await rejection(client.customerRef())
    expect(error).toBeInstanceOf(SmaregiTransportError)
    expect(error).toMatchObject({ code: "ECONNREFUSED", retryable: true, attempts: 3 })
    expect(sleeps).toHaveLength(2)
  })

  it.each<[string, { status: number; body: unknown }, string]>([
    ["200 without result", { status: 200, body: { total_count: "0" } }, "invalid_response"],
    ["200 with HTML", { status: 200, body: "<html>maintenance</html>" }, "invalid_response"],
    ["404", { status: 404, body: "Not Found" }, "http_404"],
  ])("does not retry %s", async (_name, respond, code) => {
    fake.fault({ respond })
    const { client } = makeClient()
    const error = await rejection(client.customerRef())
    expect(error).toMatchObject({ code, retryable: false, errorCode: null, httpStatus: respond.status })
    expect(fake.requests).toHaveLength(1)
  })

  it.each([11, 23, 41, 43])("never retries Smaregi error %i even when injected repeatedly", async (code) => {
    fake.fault({ smaregiError: { code }, times: 5 })
    const { client } = makeClient()
    const error = await rejection(client.customerRef())
    expect(error).toMatchObject({ errorCode: code, retryable: false, attempts: 1 })
    expect(fake.requests).toHaveLength(1)
  })

  it.each<[number, number, number]>([
    [41, 503, 1],
    [24, 500, 1],
    [99, 503, 2],
  ])("Smaregi error %i with HTTP %i is attempted %i time(s)", async (code, httpStatus, attempts) => {
    fake.fault({ smaregiError: { code, httpStatus }, times: 1 })
    const { client } = makeClient()
    const outcome = await client.customerRef().catch((error: unknown) => error)
    expect(fake.requests).toHaveLength(attempts)
    if (attempts === 1) expect(outcome).toMatchObject({ errorCode: code, httpStatus, retryable: false })
    else expect(outcome).toEqual({ totalCount: 0, rows: [] })
  })

  it("acquires the rate limiter for every attempt, keyed by contract, and releases each slot before the backoff", async () => {
    fake.fault({ status: 503, times: 2, retryAfterSeconds: 0 })
    const { limiter, keys, events } = countingLimiter()
    const { client } = makeClient({ rateLimiter: limiter, sleep: async () => void events.push("sleep") })
    await client.customerRef()
    expect(keys).toEqual([CONTRACT.contractId, CONTRACT.contractId, CONTRACT.contractId])
    expect(events).toEqual(["acquire", "release", "sleep", "acquire", "release", "sleep", "acquire", "release"])
  })

  it.each<[string, () => void, Partial<SmaregiClientOptions>]>([
    ["a 503 after the last retry", () => fake.fault({ status: 503, times: -1, retryAfterSeconds: 0 }), { maxRetries: 1 }],
    ["a refused connection", () => undefined, { apiUrl: "http://127.0.0.1:1", maxRetries: 0 }],
    ["a Smaregi error answer", () => fake.fault({ smaregiError: { code: 11 } }), {}],
  ])("releases its slot when the call throws (%s)", async (_, arrange, options) => {
    arrange()
    const { limiter, events } = countingLimiter()
    const { client } = makeClient({ rateLimiter: limiter, sleep: async () => void events.push("sleep"), ...options })
    await expect(client.customerRef()).rejects.toBeInstanceOf(Error)
    expect(events.filter((e) => e === "acquire").length).toBeGreaterThan(0)
    expect(events.filter((e) => e === "release")).toHaveLength(events.filter((e) => e === "acquire").length)
    expect(events[events.length - 1]).toBe("release")
  })

  it("keeps the fake under a 2/s limit with concurrent callers sharing one limiter", async () => {
    fake.fault({ rateLimitPerSecond: 2 })
    const limiter = new InMemoryRateLimiter({ perSecond: 2 })
    const a = makeClient({ rateLimiter: limiter }).client
    const b = makeClient({ rateLimiter: limiter }).client
    await Promise.all([a.customerRef(), b.customerRef(), a.customerRef(), b.customerRef(), a.customerRef()])
    expect(fake.requests).toHaveLength(5)
    expect(fake.maxObservedPerSecond).toBe(2)
    expect(fake.rateLimitViolations).toBe(0)
  })

  it("retries when the fake throttles a burst", async () => {
    fake.fault({ rateLimitPerSecond: 1, retryAfterSeconds: 1 })
    const sleeps: number[] = []
    const realSleep = (ms: number): Promise<void> => {
      sleeps.push(ms)
      return new Promise((resolve) => setTimeout(resolve, ms))
    }
    const { client } = makeClient({ maxDelayMs: 1500, sleep: realSleep })
    await Promise.all([client.customerRef(), client.customerRef()])
    expect(fake.rateLimitViolations).toBe(1)
    expect(sleeps).toEqual([1000])
    expect(fake.requests.map((r) => r.status).sort()).toEqual([200, 200, 429])
  })

  it("pages with refAll until total_count rows were read", async () => {
    fake.seedMembers(
      Array.from({ length: 25 }, (_, i) => ({ customerId: String(i + 1), customerCode: `M${String(i + 1).padStart(9, "0")}`, lastName: "会員" }))
    )
    const { client } = makeClient()
    const result = await client.refAll("customer_ref", { fields: ["customerId", "customerCode"], order: ["customerId desc"] }, { pageSize: 10 })
    expect(result.totalCount).toBe(25)
    expect(result.rows).toHaveLength(25)
    expect(result.rows[0]).toEqual({ customerId: "25", customerCode: "M000000025" })
    expect(result.rows[24]).toEqual({ customerId: "1", customerCode: "M000000001" })
    expect(fake.requests.map((r) => (r.params as { page: number; limit: number }).page)).toEqual([1, 2, 3])
  })

  it("stops refAll after an exactly full last page without asking for an empty one", async () => {
    fake.seedMembers(Array.from({ length: 20 }, (_, i) => ({ customerId: String(i + 1) })))
    const { client } = makeClient()
    const result = await client.refAll("customer_ref", {}, { pageSize: 10 })
    expect(result.rows).toHaveLength(20)
    expect(fake.requests).toHaveLength(2)
  })

  it("reads 1,200 heads in 3 pages of at most 500 rows, even when asked for larger pages", async () => {
    fake.seedTransactions(Array.from({ length: 1200 }, (_, i) => ({ head: { transactionHeadId: String(i + 1), updDateTime: "2026-05-10 10:00:00" } })))
    const { client } = makeClient()
    const window = [{ "updDateTime >=": "2026-05-01 00:00:00", "updDateTime <": "2026-06-01 00:00:00" }]
    const result = await client.refAll("transaction_ref", { table: "TransactionHead", conditions: window }, { pageSize: 1000 })
    expect(result.totalCount).toBe(1200)
    expect(new Set(result.rows.map((r) => r.transactionHeadId)).size).toBe(1200)
    expect(fake.requests.map((r) => [(r.params as { page: number }).page, (r.params as { limit: number }).limit])).toEqual([
      [1, 500],
      [2, 500],
      [3, 500],
    ])
  })

  it("keeps paging after a short page while total_count is not reached", async () => {
    const page = (ids: string[]) => ({ status: 200, body: { total_count: "5", result: ids.map((customerId) => ({ customerId })) } })
    fake.fault({ respond: page(["1", "2", "3"]) })
    fake.fault({ respond: page(["4", "5"]) })
    const { client } = makeClient()
    const result = await client.refAll("customer_ref", {}, { pageSize: 10 })
    expect(result.rows.map((r) => r.customerId)).toEqual(["1", "2", "3", "4", "5"])
    expect(fake.requests).toHaveLength(2)
  })

  it("fails refAll on an empty page before total_count instead of looping", async () => {
    fake.fault({ respond: { status: 200, body: { total_count: "5", result: [{ customerId: "1" }] } } })
    fake.fault({ respond: { status: 200, body: { total_count: "5", result: [] } } })
    const { client } = makeClient()
    const error = await rejection(client.refAll("customer_ref", {}, { pageSize: 10 }))
    expect(error).toMatchObject({ name: "SmaregiApiError", code: "invalid_response", message: "customer_ref: page 2 is empty after 1 of 5 rows (total_count)" })
    expect(fake.requests).toHaveLength(2)
  })

  it("queries transactions with operator conditions", async () => {
    fake.seedTransactions([
      { head: { transactionHeadId: "1051", total: 500, updDateTime: "2026-05-09 10:00:00" }, details: [{ productCode: "A", quantity: 1 }] },
      { head: { transactionHeadId: "1052", total: "10900", updDateTime: "2026-05-10 14:03:22" }, details: [{ productCode: "B" }, { productCode: "C" }] },
    ])
    const { client } = makeClient()
    await expect(client.transactionRef({ conditions: [{ "updDateTime >=": "2026-05-10 00:00:00", "updDateTime <": "2026-05-11 00:00:00" }], fields: ["transactionHeadId", "total"] })).resolves.toEqual({
      totalCount: 1,
      rows: [{ transactionHeadId: "1052", total: "10900" }],
    })
    const details = await client.transactionRef({ table: "TransactionDetail", conditions: [{ transactionHeadId: "1052" }] })
    expect(details.rows.map((r) => [r.transactionDetailId, r.productCode])).toEqual([
      ["1", "B"],
      ["2", "C"],
    ])
  })

  it("never exposes the access token in errors, logs or the client itself", async () => {
    fake.fault({ status: 500, times: 1 })
    fake.fault({ drop: true, times: 1 })
    const { client, lines } = makeClient({ maxRetries: 1 })
    const error = await rejection(client.customerRef())
    const rendered = [JSON.stringify(error), inspect(error, { depth: 10 }), JSON.stringify(lines), JSON.stringify(client), inspect(client, { depth: 10 })]
    for (const text of rendered) expect(text).not.toContain(CONTRACT.accessToken)
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: "SmaregiTransportError", code: "ECONNRESET", attempts: 2 })
  })
})
