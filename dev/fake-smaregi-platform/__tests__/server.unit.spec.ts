import http from "node:http"
import type { AddressInfo } from "node:net"
import { makePlatformTransaction } from "../../../src/smaregi/platform/__fixtures__/transactions"
import { parsePlatformWebhook } from "../../../src/smaregi/platform/webhook"
import { startFakeSmaregiPlatform, WEBHOOK_USER_AGENT, type FakeSmaregiPlatform } from "../server"

const C = "sb_fake1"
const BASIC = `Basic ${Buffer.from("cid:csecret").toString("base64")}`
let fake: FakeSmaregiPlatform

beforeAll(async () => {
  fake = await startFakeSmaregiPlatform({ contracts: [{ contractId: C, clientId: "cid", clientSecret: "csecret" }] })
})
afterAll(() => fake.stop())
beforeEach(() => fake.reset())

type Reply = { status: number; body: any; headers: Headers }

async function call(method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  const res = await fetch(`${fake.url}${path}`, { method, headers: init.headers, body: init.body })
  const text = await res.text()
  return { status: res.status, body: text === "" ? null : JSON.parse(text), headers: res.headers }
}

function tokenRequest(form: string, headers: Record<string, string> = { Authorization: BASIC }) {
  return call("POST", `/app/${C}/token`, { headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers }, body: form })
}

async function token(scope = "pos.transactions:read pos.customers:read pos.customers:write"): Promise<string> {
  const reply = await tokenRequest(`grant_type=client_credentials&scope=${encodeURIComponent(scope)}`)
  expect(reply.status).toBe(200)
  return reply.body.access_token
}

async function api(method: string, path: string, body?: unknown, bearer?: string): Promise<Reply> {
  const headers: Record<string, string> = { Authorization: `Bearer ${bearer ?? (await token())}` }
  if (body !== undefined) headers["Content-Type"] = "application/json"
  return call(method, `/${C}${path}`, { headers, body: body === undefined ? undefined : JSON.stringify(body) })
}

function expectProblem(reply: Reply, status: number, detail: RegExp): void {
  expect(reply.status).toBe(status)
  expect(reply.headers.get("content-type")).toMatch(/application\/problem\+json/)
  expect(reply.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status })
  expect(reply.body.detail).toMatch(detail)
}

describe("token endpoint", () => {
  it("issues a Bearer token with expires_in and the granted scope", async () => {
    fake.setTokenTtl(120)
    const reply = await tokenRequest("grant_type=client_credentials&scope=pos.transactions%3Aread")
    expect(reply.body).toMatchObject({ token_type: "Bearer", expires_in: 120, scope: "pos.transactions:read", access_token: expect.any(String) })
  })

  it.each<[string, string, Record<string, string>, number, RegExp]>([
    ["no credentials", "grant_type=client_credentials&scope=pos.customers%3Aread", {}, 401, /Basic client credentials are required/],
    ["a wrong secret", "grant_type=client_credentials&scope=pos.customers%3Aread", { Authorization: `Basic ${Buffer.from("cid:nope").toString("base64")}` }, 401, /client authentication failed/],
    ["another grant", "grant_type=password&scope=pos.customers%3Aread", { Authorization: BASIC }, 400, /grant_type must be client_credentials/],
    ["no scope", "grant_type=client_credentials", { Authorization: BASIC }, 400, /scope is required/],
    ["an unknown scope", "grant_type=client_credentials&scope=pos.stock%3Awrite", { Authorization: BASIC }, 400, /unknown scope pos\.stock:write/],
  ])("refuses %s", async (_name, form, headers, status, detail) => {
    expectProblem(await tokenRequest(form, headers), status, detail)
  })

  it("refuses a JSON token request", async () => {
    const reply = await call("POST", `/app/${C}/token`, { headers: { Authorization: BASIC, "Content-Type": "application/json" }, body: "{}" })
    expectProblem(reply, 415, /x-www-form-urlencoded/)
  })
})

describe("API authorisation and limits", () => {
  it.each<[string, () => Promise<string>, number, RegExp]>([
    ["an unknown token", async () => "nope", 401, /invalid/],
    ["a token without the scope", () => token("pos.customers:read"), 403, /lacks the scope pos\.transactions:read/],
  ])("refuses %s", async (_name, bearer, status, detail) => {
    expectProblem(await api("GET", "/pos/transactions/1", undefined, await bearer()), status, detail)
  })

  it("answers 401 once the token expired", async () => {
    const bearer = await token()
    fake.expireTokens()
    expectProblem(await api("GET", "/pos/customers", undefined, bearer), 401, /expired/)
  })

  it("limits reads and writes per contract separately, with Retry-After", async () => {
    fake.setRateLimits({ readPerSecond: 1, writePerSecond: 1, retryAfterSeconds: 2 })
    const bearer = await token()
    expect((await api("GET", "/pos/customers", undefined, bearer)).status).toBe(200)
    const second = await api("GET", "/pos/customers", undefined, bearer)
    expectProblem(second, 429, /more than 1 read requests per second/)
    expect(second.headers.get("retry-after")).toBe("2")
    expect((await api("POST", "/pos/customers", { customerCode: "A1", firstName: "a", lastName: "b" }, bearer)).status).toBe(200)
    expect(fake.rateLimitViolations).toBe(1)
  })
})

describe("transactions", () => {
  const list = (query: string) => api("GET", `/pos/transactions?${query}`)

  it.each<[string, string, RegExp]>([
    ["no date range", "limit=10", /one date range is required/],
    ["half a range", "upd_date_time-from=2026-05-01T00:00:00%2B09:00", /must be given together/],
    ["a range over 31 days", "upd_date_time-from=2026-05-01T00:00:00%2B09:00&upd_date_time-to=2026-06-02T00:00:00%2B09:00", /more than 31 days/],
    ["a sum_date range over 31 days", "sum_date-from=2026-05-01&sum_date-to=2026-06-01", /more than 31 days/],
    ["a date-time without offset", "upd_date_time-from=2026-05-01T00:00:00&upd_date_time-to=2026-05-02T00:00:00%2B09:00", /YYYY-MM-DDThh:mm:ssTZD/],
    ["from after to", "transaction_date_time-from=2026-05-03T00:00:00%2B09:00&transaction_date_time-to=2026-05-02T00:00:00%2B09:00", /after/],
    ["limit 0", "sum_date-from=2026-05-01&sum_date-to=2026-05-02&limit=0", /limit must be an integer from 1 to 1000/],
    ["limit 1001", "sum_date-from=2026-05-01&sum_date-to=2026-05-02&limit=1001", /limit/],
    ["page 0", "sum_date-from=2026-05-01&sum_date-to=2026-05-02&page=0", /page/],
    ["an unknown sort", "sum_date-from=2026-05-01&sum_date-to=2026-05-02&sort=total", /sort "total"/],
  ])("refuses %s", async (_name, query, detail) => expectProblem(await list(query), 400, detail))

  it("filters by range and exact fields, sorts, pages, and leaves details out of the list", async () => {
    fake.seedTransactions([
      makePlatformTransaction({ transactionHeadId: "1", sumDate: "2026-05-01", storeId: "1" }),
      makePlatformTransaction({ transactionHeadId: "2", sumDate: "2026-05-02", storeId: "2" }),
      makePlatformTransaction({ transactionHeadId: "3", sumDate: "2026-05-03", storeId: "1" }),
      makePlatformTransaction({ transactionHeadId: "4", sumDate: "2026-06-20", storeId: "1" }),
    ])
    const all = await list("sum_date-from=2026-05-01&sum_date-to=2026-05-31")
    expect(all.body.map((t: any) => t.transactionHeadId)).toEqual(["3", "2", "1"])
    expect(all.body[0]).not.toHaveProperty("details")
    expect((await list("sum_date-from=2026-05-01&sum_date-to=2026-05-31&store_id=1&sort=transactionHeadId")).body.map((t: any) => t.transactionHeadId)).toEqual(["1", "3"])
    expect((await list("sum_date-from=2026-05-01&sum_date-to=2026-05-31&sort=sumDate:desc&limit=2&page=2")).body.map((t: any) => t.transactionHeadId)).toEqual(["1"])
  })

  it("forgets stored data on clearData but keeps issued tokens", async () => {
    const bearer = await token()
    fake.seedTransactions([makePlatformTransaction({ transactionHeadId: "31" })])
    fake.fault({ status: 503, match: "^GET /pos/customers$" })
    fake.clearData()
    expect(fake.requests).toEqual([])
    expectProblem(await api("GET", "/pos/transactions/31?with_details=all", undefined, bearer), 404, /transaction 31 does not exist/)
    expect((await api("GET", "/pos/customers", undefined, bearer)).status).toBe(200)
  })

  it("answers one transaction with or without details", async () => {
    fake.seedTransactions([makePlatformTransaction({ transactionHeadId: "25" })])
    expect((await api("GET", "/pos/transactions/25?with_details=all")).body.details).toHaveLength(2)
    expect((await api("GET", "/pos/transactions/25")).body).not.toHaveProperty("details")
    expectProblem(await api("GET", "/pos/transactions/25?with_details=yes"), 400, /with_details must be all, summary or none/)
    expectProblem(await api("GET", "/pos/transactions/26?with_details=all"), 404, /transaction 26 does not exist/)
  })
})

describe("customers and points", () => {
  it.each<[string, unknown, RegExp]>([
    ["no customerCode", { firstName: "a", lastName: "b" }, /customerCode is required/],
    ["no lastName", { customerCode: "A1", firstName: "a" }, /lastName is required/],
    ["a customerId", { customerId: "5", customerCode: "A1", firstName: "a", lastName: "b" }, /customerId cannot be set/],
    ["points", { customerCode: "A1", firstName: "a", lastName: "b", point: "10" }, /point cannot be set/],
    ["a code over 20 characters", { customerCode: "A".repeat(21), firstName: "a", lastName: "b" }, /1-20 printable ASCII/],
    ["a non-ASCII code", { customerCode: "会員1", firstName: "a", lastName: "b" }, /printable ASCII/],
    ["a number value", { customerCode: "A1", firstName: "a", lastName: "b", sex: 1 }, /sex must be a string/],
    ["a rank over 20 characters", { customerCode: "A1", firstName: "a", lastName: "b", rank: "R".repeat(21) }, /rank must be at most 20/],
    ["an array", [], /JSON object/],
  ])("create refuses %s", async (_name, body, detail) => expectProblem(await api("POST", "/pos/customers", body), 400, detail))

  it("assigns customerIds, keeps codes unique, patches, sets points and deletes", async () => {
    const bearer = await token()
    const a = await api("POST", "/pos/customers", { customerCode: "A1", firstName: "a", lastName: "b" }, bearer)
    const b = await api("POST", "/pos/customers", { customerCode: "B1", firstName: "c", lastName: "d" }, bearer)
    expect([a.body.customerId, b.body.customerId]).toEqual(["1", "2"])
    expectProblem(await api("POST", "/pos/customers", { customerCode: "A1", firstName: "x", lastName: "y" }, bearer), 400, /customerCode A1 already exists/)
    expectProblem(await api("PATCH", "/pos/customers/2", { customerCode: "A1" }, bearer), 400, /already exists/)
    expectProblem(await api("PATCH", "/pos/customers/2", { point: "5" }, bearer), 400, /point cannot be set/)
    expect((await api("PATCH", "/pos/customers/1", { customerCode: "A1", rank: "GOLD" }, bearer)).body).toMatchObject({ customerCode: "A1", rank: "GOLD" })
    expect((await api("PATCH", "/pos/customers/1/point", { point: "250" }, bearer)).body).toMatchObject({ customerId: "1", point: "250" })
    expectProblem(await api("PATCH", "/pos/customers/1/point", { point: "-1" }, bearer), 400, /non-negative/)
    expectProblem(await api("PATCH", "/pos/customers/9/point", { point: "1" }, bearer), 404, /customer 9 does not exist/)
    expectProblem(await api("PATCH", "/pos/customers/2", { status: "9" }, bearer), 400, /status must be one of 0, 1, 2, 3, 4/)
    expectProblem(await api("PATCH", "/pos/customers/2", { status: "3", leaveDate: "2026/12/04" }, bearer), 400, /leaveDate must be a date/)
    expect((await api("PATCH", "/pos/customers/2", { status: "3", leaveDate: "2026-12-04" }, bearer)).body).toMatchObject({ status: "3", leaveDate: "2026-12-04" })
    expect((await api("DELETE", "/pos/customers/1", undefined, bearer)).status).toBe(200)
    expectProblem(await api("DELETE", "/pos/customers/1", undefined, bearer), 404, /customer 1 does not exist/)
    expectProblem(await api("PATCH", "/pos/customers/1", { status: "3" }, bearer), 404, /customer 1 does not exist/)
    expect([...fake.customersOf(C).keys()]).toEqual(["2"])
  })

  it("gates point/add and bulk behind the plan, then checks their input", async () => {
    const bearer = await token()
    await api("POST", "/pos/customers", { customerCode: "A1", firstName: "a", lastName: "b" }, bearer)
    expectProblem(await api("POST", "/pos/customers/1/point/add", { point: "5" }, bearer), 403, /プレミアムプラス/)
    expectProblem(await api("POST", "/pos/customers/bulk", { rows: [{}], callbackUrl: "https://x.test" }, bearer), 403, /プラン/)
    expectProblem(await api("PATCH", "/pos/customers/point/bulk", { rows: [{}], callbackUrl: "https://x.test" }, bearer), 403, /プラン/)
    fake.setPlan("retail-business", C)
    expect((await api("POST", "/pos/customers/1/point/add", { point: "5" }, bearer)).body.point).toBe("5")
    expectProblem(await api("POST", "/pos/customers/1/point/add", { point: "-6" }, bearer), 400, /negative \(-1\)/)
    expectProblem(await api("POST", "/pos/customers/bulk", { rows: Array(101).fill({}), callbackUrl: "https://x.test" }, bearer), 400, /1-100/)
    expectProblem(await api("POST", "/pos/customers/bulk", { rows: [{}] }, bearer), 400, /callbackUrl is required/)
    expect((await api("POST", "/pos/customers/bulk", { rows: [{}], callbackUrl: "https://x.test" }, bearer)).status).toBe(202)
  })
})

describe("member reads", () => {
  beforeEach(() => {
    fake.seedCustomers(
      [
        { customerId: "3", customerCode: "C3", customerNo: "N3", firstName: "c", lastName: "c", point: "30", pointExpireDate: "2027-03-31" },
        { customerId: "1", customerCode: "C1", firstName: "a", lastName: "a", point: "10" },
        { customerId: "2", customerCode: "C2", firstName: "b", lastName: "b", mailAddress: "b@example.test" },
      ],
      C
    )
  })

  it("lists by id range, code and number, sorted, paged, without point balances", async () => {
    const ids = async (query: string) => ((await api("GET", `/pos/customers${query}`)).body as Array<Record<string, unknown>>).map((c) => c.customerId)
    expect(await ids("")).toEqual(["1", "2", "3"])
    expect(await ids("?sort=customerId:desc&limit=1")).toEqual(["3"])
    expect(await ids("?customer_id-from=2&customer_id-to=3")).toEqual(["2", "3"])
    expect(await ids("?customer_code=C2")).toEqual(["2"])
    expect(await ids("?customer_no=N3")).toEqual(["3"])
    expect(await ids("?limit=2&page=2")).toEqual(["3"])
    const [first] = (await api("GET", "/pos/customers?limit=1")).body
    expect(first).not.toHaveProperty("point")
    expect(first).not.toHaveProperty("mile")
  })

  it.each<[string, RegExp]>([
    ["?mail_address=b%40example.test", /takes no parameter mail_address/],
    ["?phone_number=0312345678", /takes no parameter phone_number/],
    ["?sort=mailAddress", /sort "mailAddress" is not/],
    ["?customer_id-from=x", /customer_id-from must be digits/],
    ["?limit=1001", /limit must be an integer from 1 to 1000/],
  ])("refuses %s", async (query, detail) => expectProblem(await api("GET", `/pos/customers${query}`), 400, detail))

  it("serves point balances from GET /pos/customers/point", async () => {
    expect((await api("GET", "/pos/customers/point?customer_id=3")).body).toEqual([
      expect.objectContaining({ customerId: "3", point: "30", mile: "0", pointExpireDate: "2027-03-31" }),
    ])
    expect((await api("GET", "/pos/customers/point")).body.map((p: { customerId: string }) => p.customerId)).toEqual(["1", "2", "3"])
    expectProblem(await api("GET", "/pos/customers/point?customer_code=C1"), 400, /takes no parameter customer_code/)
  })
})

describe("faults and webhooks", () => {
  it("injects a problem for matching routes only, as many times as asked", async () => {
    fake.fault({ status: 503, match: "^GET /pos/customers$", times: 2, retryAfterSeconds: 4 })
    const bearer = await token()
    const first = await api("GET", "/pos/customers", undefined, bearer)
    expectProblem(first, 503, /injected fault/)
    expect(first.headers.get("retry-after")).toBe("4")
    expect((await api("GET", "/pos/transactions/1", undefined, bearer)).status).toBe(404)
    expect((await api("GET", "/pos/customers", undefined, bearer)).status).toBe(503)
    expect((await api("GET", "/pos/customers", undefined, bearer)).status).toBe(200)
  })

  it("posts a webhook the parser accepts, with Smaregi's headers and the shared secret", async () => {
    const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = []
    const target = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on("data", (c: Buffer) => chunks.push(c))
      req.on("end", () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") })
        res.end("ok")
      })
    })
    await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve))
    try {
      const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}/hooks/smaregi/platform`
      const sent = await fake.sendWebhook({ url, event: "pos:transactions", action: "created", ids: ["25", "26"], secretHeader: "X-Shop-Secret", secret: "s3" })
      expect(sent).toMatchObject({ status: 200, body: "ok" })
      const [{ headers, body }] = received
      expect(headers["user-agent"]).toBe(WEBHOOK_USER_AGENT)
      expect(headers["smaregi-event-id"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      const parsed = parsePlatformWebhook({ headers, body, secret: "s3", secretHeader: "X-Shop-Secret", contractId: C })
      expect(parsed).toEqual({ ok: true, value: { contractId: C, eventId: sent.eventId, event: "pos:transactions", action: "created", ids: ["25", "26"] } })

      await fake.sendWebhook({ url, event: "pos:customers", action: "deleted", ids: ["7"] })
      expect(JSON.parse(received[1].body)).toEqual({ contractId: C, event: "pos:customers", action: "deleted", customerIds: ["7"] })
      expect(received[1].headers).not.toHaveProperty("x-smaregi-webhook-secret")
    } finally {
      await new Promise<void>((resolve) => target.close(() => resolve()))
    }
  })
})
