import { PLAN_GATED_MESSAGE, startFakeSmaregiPlatform, type FakeSmaregiPlatform } from "../../../../../dev/fake-smaregi-platform/server"
import { SmaregiApiError } from "../../../../smaregi/errors"
import { makePlatformTransaction } from "../../../../smaregi/platform/__fixtures__/transactions"
import { InMemoryTokenStore } from "../../../../smaregi/platform/token"
import { type RateLimiter, releaseNothing, unlimitedRateLimiter } from "../../../../smaregi/rate-limiter"
import { createPlatformTransport, type PlatformTransport } from "../platform"

// The transport against the fake Platform API in-process: what goes over the wire, and that rows come back in v2 names.
const CONTRACT = "sb_transport"
let fake: FakeSmaregiPlatform

beforeAll(async () => {
  fake = await startFakeSmaregiPlatform({ contracts: [{ contractId: CONTRACT, clientId: "cid", clientSecret: "csecret" }] })
})
afterAll(() => fake.stop())
beforeEach(() => fake.reset())

function setup(options: { pageSize?: number } = {}) {
  const sleeps: number[] = []
  const buckets: string[] = []
  const limiter = (kind: string): RateLimiter => ({
    acquire: async (key) => {
      buckets.push(`${kind} ${key}`)
      return releaseNothing
    },
  })
  const transport: PlatformTransport = createPlatformTransport(
    { environment: "sandbox", contractId: CONTRACT, clientId: "cid", clientSecret: "csecret", idUrl: fake.url, apiUrl: fake.url },
    {
      tokenStore: new InMemoryTokenStore(),
      readLimiter: limiter("read"),
      writeLimiter: limiter("write"),
      sleep: async (ms) => {
        sleeps.push(ms)
      },
      pageSize: options.pageSize,
    }
  )
  return { transport, sleeps, buckets }
}

const calls = (route: RegExp) => fake.requests.filter((r) => route.test(`${r.method} ${r.path.replace(`/${CONTRACT}`, "")}`))

async function caught(promise: Promise<unknown>): Promise<SmaregiApiError> {
  try {
    await promise
  } catch (e) {
    if (e instanceof SmaregiApiError) return e
    throw e
  }
  throw new Error("expected a SmaregiApiError")
}

const seedMembers = (members: Array<Record<string, unknown>>) => fake.seedCustomers(members, CONTRACT)

describe("sales", () => {
  it("reads heads of a half-open window in ≤ 31-day windows across pages, in v2 names", async () => {
    const at = (id: string, upd: string) => makePlatformTransaction({ transactionHeadId: id, updDateTime: upd })
    fake.seedTransactions([
      at("1", "2026-04-30T23:59:59+09:00"),
      at("2", "2026-05-01T00:00:00+09:00"),
      at("3", "2026-05-02T10:00:00+09:00"),
      at("4", "2026-05-03T10:00:00+09:00"),
      at("5", "2026-05-20T10:00:00+09:00"),
      at("6", "2026-06-05T10:00:00+09:00"),
      at("7", "2026-06-10T00:00:00+09:00"),
    ])
    const { transport } = setup({ pageSize: 2 })
    const heads = await transport.readHeadsByWindow("updDateTime", { from: "2026-05-01 00:00:00", to: "2026-06-10 00:00:00" })
    expect(heads.map((h) => h.transactionHeadId)).toEqual(["2", "3", "4", "5", "6"])
    expect(heads[0]).toMatchObject({ updDateTime: "2026-05-01 00:00:00", transactionDateTime: "2026-05-10 14:03:22", charge: "5000", paymentMethodId1: "3" })
    expect(heads[0]).not.toHaveProperty("change")
    expect(heads[0]).not.toHaveProperty("depositOthers")
    const pages = calls(/^GET \/pos\/transactions$/).map((r) => [r.query["upd_date_time-from"], r.query["upd_date_time-to"], r.query.page, r.status])
    expect(pages).toEqual([
      ["2026-05-01T00:00:00+09:00", "2026-05-31T23:59:59+09:00", "1", 200],
      ["2026-05-01T00:00:00+09:00", "2026-05-31T23:59:59+09:00", "2", 200],
      ["2026-05-01T00:00:00+09:00", "2026-05-31T23:59:59+09:00", "3", 200],
      ["2026-06-01T00:00:00+09:00", "2026-06-09T23:59:59+09:00", "1", 200],
    ])
  })

  it("reads by transaction date too, and an empty window reads nothing", async () => {
    fake.seedTransactions([makePlatformTransaction({ transactionHeadId: "9", transactionDateTime: "2026-05-10T14:03:22+09:00" })])
    const { transport } = setup()
    expect((await transport.readHeadsByWindow("transactionDateTime", { from: "2026-05-10 00:00:00", to: "2026-05-11 00:00:00" })).map((h) => h.transactionHeadId)).toEqual(["9"])
    expect(calls(/^GET \/pos\/transactions$/)[0].query).toHaveProperty("transaction_date_time-from", "2026-05-10T00:00:00+09:00")
    expect(await transport.readHeadsByWindow("updDateTime", { from: "2026-05-10 00:00:00", to: "2026-05-10 00:00:00" })).toEqual([])
  })

  it("reads the details of each head with with_details=all; a head Smaregi does not know is absent", async () => {
    fake.seedTransactions([makePlatformTransaction({ transactionHeadId: "25" }), makePlatformTransaction({ transactionHeadId: "26" })])
    const { transport, buckets } = setup()
    const details = await transport.readDetailsByHeadIds(["26", "25", "404", "25"])
    expect([...details.keys()]).toEqual(["26", "25"])
    expect(details.get("25")?.map((d) => [d.transactionHeadId, d.transactionDetailId, d.transactionDateTime, d.updDateTime])).toEqual([
      ["25", "1", "2026-05-10 14:03:22", "2026-05-10 14:03:25"],
      ["25", "2", "2026-05-10 14:03:22", "2026-05-10 14:03:25"],
    ])
    const reads = calls(/^GET \/pos\/transactions\/\d+$/)
    expect(reads.map((r) => r.query.with_details)).toEqual(["all", "all", "all"])
    expect(buckets.filter((b) => b.startsWith("read")).length).toBe(3)
  })

  it("refuses a transaction it cannot read as v2 rows, naming the field", async () => {
    fake.seedTransactions([makePlatformTransaction({ transactionHeadId: "25", updDateTime: "2026-05-10T14:03:25" })])
    const error = await caught(setup().transport.readDetailsByHeadIds(["25"]))
    expect(error).toMatchObject({ code: "invalid_response", retryable: false })
    expect(error.message).toMatch(/transaction 25: transaction\.updDateTime/)
  })

  it("starts no more reads once one has failed", async () => {
    fake.seedTransactions(Array.from({ length: 12 }, (_, i) => makePlatformTransaction({ transactionHeadId: String(i + 1) })))
    fake.fault({ status: 400, detail: "broken", match: "^GET /pos/transactions/1$", times: 1 })
    const error = await caught(setup().transport.readDetailsByHeadIds(Array.from({ length: 12 }, (_, i) => String(i + 1))))
    expect(error).toMatchObject({ code: "invalid_input", httpStatus: 400 })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(calls(/^GET \/pos\/transactions\/\d+$/).length).toBeLessThan(12)
  })
})

describe("members", () => {
  it("finds members by id with their point balance from the point resource", async () => {
    seedMembers([
      { customerId: "3", customerCode: "M3", firstName: "c", lastName: "c", point: "30", pointExpireDate: "2027-03-31", updDateTime: "2026-05-02T10:00:00+09:00" },
      { customerId: "5", customerCode: "M5", firstName: "e", lastName: "e", point: "50" },
      { customerId: "2000", customerCode: "M2000", firstName: "f", lastName: "f" },
    ])
    const { transport } = setup()
    const page = await transport.findMembers({ customerIds: ["3", "2000", "4"], fields: ["customerId", "customerCode", "point", "pointExpireDate", "updDateTime"] })
    expect(page).toEqual({
      totalCount: 2,
      rows: [
        { customerId: "3", customerCode: "M3", point: "30", pointExpireDate: "2027-03-31", updDateTime: "2026-05-02 10:00:00" },
        { customerId: "2000", customerCode: "M2000", point: "0", pointExpireDate: null, updDateTime: expect.any(String) },
      ],
    })
    expect(calls(/^GET \/pos\/customers$/).map((r) => [r.query["customer_id-from"], r.query["customer_id-to"]])).toEqual([
      ["3", "4"],
      ["2000", "2000"],
    ])
    expect(calls(/^GET \/pos\/customers\/point$/).map((r) => r.query.customer_id)).toEqual(["3", "2000"])
  })

  it("finds every member in an id range with one list read", async () => {
    seedMembers([
      { customerId: "3", customerCode: "M3", firstName: "c", lastName: "c" },
      { customerId: "7", customerCode: "M7", firstName: "g", lastName: "g" },
      { customerId: "2000", customerCode: "M2000", firstName: "f", lastName: "f" },
    ])
    const { transport } = setup()
    const page = await transport.findMembers({ customerIdsBetween: { from: "4", to: "2000" }, fields: ["customerId", "customerCode"] })
    expect(page).toEqual({ totalCount: 2, rows: [{ customerId: "7", customerCode: "M7" }, { customerId: "2000", customerCode: "M2000" }] })
    expect(calls(/^GET \/pos\/customers$/).map((r) => [r.query["customer_id-from"], r.query["customer_id-to"]])).toEqual([["4", "2000"]])
  })

  it("matches a code by filter and an e-mail or phone by reading every member", async () => {
    seedMembers([
      { customerId: "1", customerCode: "M1", firstName: "a", lastName: "a", mailAddress: "a@example.test", phoneNumber: "0312345678" },
      { customerId: "2", customerCode: "M2", firstName: "b", lastName: "b", mailAddress: "b@example.test" },
    ])
    const { transport } = setup()
    const fields = ["customerId", "customerCode"]
    expect((await transport.findMembers({ match: { customerCode: "M2" }, fields })).rows).toEqual([{ customerId: "2", customerCode: "M2" }])
    expect(calls(/^GET \/pos\/customers$/)[0].query).toMatchObject({ customer_code: "M2" })
    expect((await transport.findMembers({ match: { mailAddress: "b@example.test" }, fields })).rows).toEqual([{ customerId: "2", customerCode: "M2" }])
    expect((await transport.findMembers({ match: { phoneNumber: "0312345678" }, fields })).rows).toEqual([{ customerId: "1", customerCode: "M1" }])
    expect((await transport.findMembers({ match: { mobileNumber: "0312345678" }, fields })).rows).toEqual([])
    expect(calls(/^GET \/pos\/customers\/point$/)).toHaveLength(0)
  })

  it("pages after a customerId; a full page promises more, a short page ends", async () => {
    seedMembers([1, 2, 3, 4, 5].map((n) => ({ customerId: String(n), customerCode: `M${n}`, firstName: "x", lastName: "y" })))
    const { transport } = setup()
    const first = await transport.findMembers({ after: null, limit: 2, fields: ["customerId"] })
    expect(first).toEqual({ rows: [{ customerId: "1" }, { customerId: "2" }], totalCount: 3 })
    const last = await transport.findMembers({ after: "4", limit: 2, fields: ["customerId"] })
    expect(last).toEqual({ rows: [{ customerId: "5" }], totalCount: 1 })
  })

  it("knows the highest customerId, also when the API refuses the sort", async () => {
    const { transport } = setup()
    expect(await transport.highestCustomerId()).toBeNull()
    seedMembers([7, 12, 3].map((n) => ({ customerId: String(n), customerCode: `M${n}`, firstName: "x", lastName: "y" })))
    expect(await transport.highestCustomerId()).toBe("12")
    expect(calls(/^GET \/pos\/customers$/).at(-1)?.query).toMatchObject({ sort: "customerId:desc", limit: "1" })
    fake.fault({ status: 400, detail: "sort is not supported", match: "^GET /pos/customers$", times: 1 })
    expect(await transport.highestCustomerId()).toBe("12")
  })

  it("creates a member (Smaregi assigns the id, our code is kept), then patches it, one call each", async () => {
    const { transport, buckets } = setup()
    const [created] = await transport.writeMembers([{ customerId: "", customerCode: "W0001", lastName: "山田", firstName: "太郎", sex: "1" }], "upsert")
    expect(created).toEqual({ customerId: "1", customerCode: "W0001", created: true })
    expect(calls(/^POST \/pos\/customers$/).map((r) => r.body)).toEqual([{ customerCode: "W0001", lastName: "山田", firstName: "太郎", sex: "1" }])
    const [patched] = await transport.writeMembers([{ customerId: "1", customerCode: "W0001", lastName: "山田", firstName: "次郎", rank: "GOLD" }], "upsert")
    expect(patched).toEqual({ customerId: "1", customerCode: "W0001" })
    expect(fake.customersOf(CONTRACT).get("1")).toMatchObject({ firstName: "次郎", rank: "GOLD" })
    expect(calls(/^PATCH \/pos\/customers\/1$/)).toHaveLength(1)
    expect(buckets).toContain(`write ${CONTRACT}:write`)
    expect(calls(/bulk|point\/add/)).toHaveLength(0)
  })

  it("finds a member by its code instead of creating it twice, and re-creates one deleted in Smaregi", async () => {
    seedMembers([{ customerId: "40", customerCode: "W0040", firstName: "a", lastName: "b" }])
    const { transport } = setup()
    expect(await transport.writeMembers([{ customerId: "", customerCode: "W0040", firstName: "c", lastName: "b" }], "upsert")).toEqual([{ customerId: "40", customerCode: "W0040" }])
    expect(calls(/^POST \/pos\/customers$/)).toHaveLength(0)
    expect(await transport.writeMembers([{ customerId: "77", customerCode: "W0077", firstName: "d", lastName: "e" }], "upsert")).toEqual([{ customerId: "41", customerCode: "W0077", created: true }])
    expect(calls(/^PATCH \/pos\/customers\/77$/).map((r) => r.status)).toEqual([404])
  })

  it("sends a row's points through the point resource, never in the member body", async () => {
    const { transport } = setup()
    await transport.writeMembers([{ customerId: "", customerCode: "W1", firstName: "a", lastName: "b", point: "120", pointExpireDate: "2027-03-31", lastComeDateTime: "2026-05-01 10:00:00" }], "upsert")
    expect(calls(/^POST \/pos\/customers$/)[0].body).toEqual({ customerCode: "W1", firstName: "a", lastName: "b", pointExpireDate: "2027-03-31" })
    expect(calls(/^PATCH \/pos\/customers\/1\/point$/)[0].body).toEqual({ point: "120", pointExpireDate: "2027-03-31" })
    expect(fake.customersOf(CONTRACT).get("1")).toMatchObject({ point: "120" })
  })

  it("adds a known change with point/add on a premium plan (the register's own changes stay), else sends the balance once refused", async () => {
    seedMembers([{ customerId: "5", customerCode: "P5", firstName: "a", lastName: "b", point: "130" }])
    const row = { customerId: "5", customerCode: "P5", firstName: "a", lastName: "b", point: "150" }
    fake.setPlan("premium-plus", CONTRACT)
    await setup().transport.writeMembers([row], "upsert", [{ delta: 20 }])
    expect(fake.customersOf(CONTRACT).get("5")).toMatchObject({ point: "150" })
    await setup().transport.writeMembers([{ ...row, point: "140" }], "upsert", [{ delta: 0 }])
    expect(calls(/\/point/).map((r) => `${r.method} ${r.status}`)).toEqual(["POST 200"])
    // The register spent points the ledger has not imported yet: the add would go below zero, so Smaregi's own balance
    // moves by the delta (floored at 0); the ledger's 120 would erase the register's sale for good.
    ;(fake.customersOf(CONTRACT).get("5") as { point: string }).point = "10"
    await setup().transport.writeMembers([{ ...row, point: "120", pointExpireDate: "2027-03-31" }], "upsert", [{ delta: -30 }])
    expect(calls(/\/point/).slice(1).map((r) => `${r.method} ${r.status} ${JSON.stringify(r.body)}`)).toEqual([
      `POST 400 {"point":"-30"}`,
      "GET 200 null",
      `PATCH 200 {"point":"0","pointExpireDate":"2027-03-31"}`,
    ])
    expect(fake.customersOf(CONTRACT).get("5")).toMatchObject({ point: "0", pointExpireDate: "2027-03-31" })
    fake.requests.length = 0

    // Without point/add (refused once, then remembered) Smaregi's balance is read and moved by the change, so the
    // register's own changes stay there too: the ledger's 180 would drop the 30 the register added.
    fake.setPlan("standard", CONTRACT)
    const { transport } = setup()
    const holds = (point: string) => void ((fake.customersOf(CONTRACT).get("5") as { point: string }).point = point)
    holds("150")
    await transport.writeMembers([{ ...row, point: "170" }], "upsert", [{ delta: 20 }])
    holds("200")
    await transport.writeMembers([{ ...row, point: "180" }], "upsert", [{ delta: 10 }])
    expect(calls(/\/point/).map((r) => `${r.method} ${r.status} ${(r.body as { point?: string } | null)?.point ?? "-"}`)).toEqual([
      "POST 403 20",
      "GET 200 -",
      "PATCH 200 170",
      "GET 200 -",
      "PATCH 200 210",
    ])
    expect(fake.customersOf(CONTRACT).get("5")).toMatchObject({ point: "210" })
  })

  it("writes the whole balance to a member re-created or found under another id, never only the change", async () => {
    fake.setPlan("premium-plus", CONTRACT)
    seedMembers([{ customerId: "50", customerCode: "W0050", firstName: "a", lastName: "b", point: "999" }])
    const { transport } = setup()
    const rows = [
      { customerId: "77", customerCode: "W0077", firstName: "d", lastName: "e", point: "150" },
      { customerId: "78", customerCode: "W0050", firstName: "a", lastName: "b", point: "40" },
    ]
    expect(await transport.writeMembers(rows, "upsert", [{ delta: 20 }, { delta: 5 }])).toEqual([
      { customerId: "51", customerCode: "W0077", created: true },
      { customerId: "50", customerCode: "W0050" },
    ])
    expect(calls(/\/point/).map((r) => `${r.method} ${r.path.replace(`/${CONTRACT}`, "")} ${(r.body as { point: string }).point}`)).toEqual([
      "PATCH /pos/customers/51/point 150",
      "PATCH /pos/customers/50/point 40",
    ])
    expect(fake.customersOf(CONTRACT).get("51")).toMatchObject({ point: "150" })
    expect(fake.customersOf(CONTRACT).get("50")).toMatchObject({ point: "40" })
  })

  it("sends a changed expiry with the member when the balance itself has not moved", async () => {
    fake.setPlan("premium-plus", CONTRACT)
    seedMembers([{ customerId: "5", customerCode: "P5", firstName: "a", lastName: "b", point: "130", pointExpireDate: "2027-03-31" }])
    const { transport } = setup()
    await transport.writeMembers([{ customerId: "5", customerCode: "P5", firstName: "a", lastName: "b", point: "130", pointExpireDate: "2027-06-30" }], "upsert", [{ delta: 0 }])
    expect(calls(/\/point/)).toHaveLength(0)
    const [member] = (await transport.findMembers({ customerIds: ["5"], fields: ["customerId", "point", "pointExpireDate"] })).rows
    expect(member).toEqual({ customerId: "5", point: "130", pointExpireDate: "2027-06-30" })
  })

  it("deletes members by id or code; one already gone counts as deleted", async () => {
    seedMembers([
      { customerId: "1", customerCode: "D1", firstName: "a", lastName: "b" },
      { customerId: "2", customerCode: "D2", firstName: "a", lastName: "b" },
    ])
    const { transport } = setup()
    const written = await transport.writeMembers(
      [
        { customerId: "1", customerCode: "D1" },
        { customerId: "", customerCode: "D2" },
        { customerId: "9", customerCode: "D9" },
      ],
      "delete"
    )
    expect(written).toEqual([
      { customerId: "1", customerCode: "D1" },
      { customerId: "2", customerCode: "D2" },
      { customerId: "9", customerCode: "D9" },
    ])
    expect(fake.customersOf(CONTRACT).size).toBe(0)
    expect(calls(/^DELETE /).map((r) => r.status)).toEqual([200, 200, 404])
  })

  it("sets an absolute point balance, with its expiry when given", async () => {
    seedMembers([{ customerId: "4", customerCode: "P4", firstName: "a", lastName: "b", point: "999" }])
    const { transport } = setup()
    expect(transport.capabilities).toEqual({ assignsCustomerId: true, bulkMemberWrite: false, setPoints: true })
    await transport.setPoints("4", 250, "2027-03-31")
    await transport.setPoints("4", 240)
    expect(calls(/^PATCH \/pos\/customers\/4\/point$/).map((r) => r.body)).toEqual([{ point: "250", pointExpireDate: "2027-03-31" }, { point: "240" }])
    expect(fake.customersOf(CONTRACT).get("4")).toMatchObject({ point: "240", pointExpireDate: "2027-03-31" })
  })

  it("counts every member in ping, a page of 1000 at a time", async () => {
    seedMembers(Array.from({ length: 1001 }, (_, i) => ({ customerId: String(i + 1), customerCode: `C${i + 1}`, firstName: "x", lastName: "y" })))
    expect(await setup().transport.ping()).toEqual({ memberCount: 1001 })
    expect(calls(/^GET \/pos\/customers$/).map((r) => [r.query.limit, r.query.page])).toEqual([
      ["1000", "1"],
      ["1000", "2"],
    ])
  })
})

describe("tokens, limits and errors", () => {
  it("reuses one token, and refreshes it once when the API refuses it as expired", async () => {
    seedMembers([{ customerId: "1", customerCode: "T1", firstName: "a", lastName: "b" }])
    const { transport } = setup()
    await transport.findMembers({ customerIds: ["1"], fields: ["customerId"] })
    await transport.findMembers({ customerIds: ["1"], fields: ["customerId"] })
    expect(fake.tokensIssued()).toBe(1)
    fake.expireTokens()
    expect((await transport.findMembers({ customerIds: ["1"], fields: ["customerId"] })).rows).toEqual([{ customerId: "1" }])
    expect(fake.tokensIssued()).toBe(2)
    expect(calls(/^GET \/pos\/customers$/).map((r) => r.status)).toEqual([200, 200, 401, 200])
  })

  it("waits for Retry-After on a 429 and goes on", async () => {
    seedMembers([{ customerId: "1", customerCode: "R1", firstName: "a", lastName: "b" }])
    fake.fault({ status: 429, retryAfterSeconds: 3, match: "^GET /pos/customers$", times: 1 })
    const { transport, sleeps } = setup()
    expect(await transport.highestCustomerId()).toBe("1")
    expect(sleeps).toEqual([3000])
  })

  it("surfaces a plan-gated refusal as a clear, permanent function_disabled error", async () => {
    seedMembers([{ customerId: "1", customerCode: "G1", firstName: "a", lastName: "b" }])
    fake.fault({ status: 403, detail: `PATCH /pos/customers/{id}/point: ${PLAN_GATED_MESSAGE}`, match: "^PATCH /pos/customers/1/point$", times: 1 })
    const error = await caught(setup().transport.setPoints("1", 10))
    expect(error).toMatchObject({ code: "function_disabled", errorCode: 23, httpStatus: 403, retryable: false })
    expect(error.message).toMatch(/プレミアムプラス・フードビジネス・リテールビジネスプランが必要です/)
  })

  it("maps a duplicate customerCode to already_exists like v2", async () => {
    seedMembers([
      { customerId: "1", customerCode: "DUP", firstName: "a", lastName: "b" },
      { customerId: "2", customerCode: "OTHER", firstName: "a", lastName: "b" },
    ])
    const error = await caught(setup().transport.writeMembers([{ customerId: "2", customerCode: "DUP", firstName: "a", lastName: "b" }], "upsert"))
    expect(error).toMatchObject({ code: "already_exists", errorCode: 42, retryable: false })
  })
})

describe("createPlatformTransport", () => {
  const deps = { tokenStore: new InMemoryTokenStore(), readLimiter: unlimitedRateLimiter, writeLimiter: unlimitedRateLimiter }
  it.each([
    ["sandbox", undefined, "https://api.smaregi.dev"],
    ["production", undefined, "https://api.smaregi.jp"],
    ["production", "https://proxy.example.test/", "https://proxy.example.test"],
  ] as const)("%s with override %s talks to %s, never showing the secret", (environment, apiUrl, expected) => {
    const transport = createPlatformTransport({ environment, contractId: "c1", clientId: "id", clientSecret: "s3cret", apiUrl }, deps)
    expect(transport.toJSON()).toEqual({ api: "platform", client: { apiUrl: expected, contractId: "c1" } })
    expect(JSON.stringify(transport)).not.toContain("s3cret")
  })

  it("refuses a page size the API does not take", () => {
    expect(() => createPlatformTransport({ environment: "sandbox", contractId: "c1", clientId: "id", clientSecret: "s" }, { ...deps, pageSize: 1001 })).toThrow(/pageSize must be 1–1000/)
  })
})
