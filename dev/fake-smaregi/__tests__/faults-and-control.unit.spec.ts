import { startFakeSmaregi, type FakeSmaregi } from "../server"
import { upd, member, callFake, controlFake, type Reply } from "./harness"

let fake: FakeSmaregi
const call = (procName: string, params: unknown): Promise<Reply> => callFake(fake, procName, params)
const control = (path: string, method = "GET", body?: unknown): Promise<Reply> => controlFake(fake, path, method, body)

beforeAll(async () => {
  fake = await startFakeSmaregi({ port: 0, idStart: 5000 })
})
afterAll(() => fake.stop())
beforeEach(() => fake.reset())

describe("fake Smaregi faults and observations", () => {
  it("fails the next n requests with a status, then answers normally", async () => {
    fake.fault({ status: 503, times: 2, retryAfterSeconds: 7 })
    const replies = [await call("customer_ref", { table_name: "Customer" }), await call("customer_ref", { table_name: "Customer" }), await call("customer_ref", { table_name: "Customer" })]
    expect(replies.map((r) => r.status)).toEqual([503, 503, 200])
    expect(replies[0].headers["retry-after"]).toBe("7")
  })

  it("queues one-shot faults in order and injects Smaregi errors", async () => {
    fake.fault({ smaregiError: { code: 22, message: "アカウントがロックされています。" } })
    fake.fault({ status: 500 })
    const first = await call("customer_ref", { table_name: "Customer" })
    const second = await call("customer_ref", { table_name: "Customer" })
    expect(first.body).toMatchObject({ error_code: 22, error: "アカウントがロックされています。" })
    expect(second.status).toBe(500)
    expect((await call("customer_ref", { table_name: "Customer" })).status).toBe(200)
  })

  it("aims a fault at some procedures only; other calls pass it by without using it up", async () => {
    fake.fault({ status: 503, times: 2, procedures: ["customer_upd"] })
    expect((await call("customer_ref", { table_name: "Customer" })).status).toBe(200)
    const row = upd([member("1", { lastName: "山田" })])
    expect((await call("customer_upd", row)).status).toBe(503)
    expect((await call("customer_ref", { table_name: "Customer" })).status).toBe(200)
    expect((await call("customer_upd", row)).status).toBe(503)
    expect((await call("customer_upd", row)).status).toBe(200)
    expect(fake.requests.map((r) => [r.procName, r.status])).toEqual([
      ["customer_ref", 200],
      ["customer_upd", 503],
      ["customer_ref", 200],
      ["customer_upd", 503],
      ["customer_upd", 200],
    ])
  })

  it("drops the connection without answering", async () => {
    fake.fault({ drop: true })
    await expect(call("customer_ref", { table_name: "Customer" })).rejects.toMatchObject({ code: "ECONNRESET" })
    expect(fake.requests[0].status).toBeNull()
  })

  it("delays answers with latencyMs and stallMs", async () => {
    fake.fault({ stallMs: 250 })
    const started = Date.now()
    await call("customer_ref", { table_name: "Customer" })
    expect(Date.now() - started).toBeGreaterThanOrEqual(240)
  })

  it("disables procedures on request", async () => {
    fake.fault({ disabledProcedures: ["customer_upd"] })
    await expect(call("customer_upd", upd([{ customerId: "1" }]))).resolves.toMatchObject({ body: { error_code: 23 } })
  })

  it("answers 429 above rateLimitPerSecond and counts violations and the peak rate", async () => {
    fake.fault({ rateLimitPerSecond: 2 })
    const replies = await Promise.all([1, 2, 3, 4].map(() => call("customer_ref", { table_name: "Customer" })))
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 429, 429])
    expect(fake.rateLimitViolations).toBe(2)
    expect(fake.maxObservedPerSecond).toBe(4)
  })

  it("records every request with raw header pairs and parsed params", async () => {
    await call("customer_ref", { table_name: "Customer", limit: 5 })
    expect(fake.requests).toEqual([
      expect.objectContaining({
        method: "POST",
        path: "/access/",
        procName: "customer_ref",
        params: { table_name: "Customer", limit: 5 },
        status: 200,
        errorCode: null,
        headers: expect.arrayContaining([["X_contract_id", "dev-contract"]]),
      }),
    ])
  })
})

describe("fake Smaregi control API", () => {
  it("seeds, inspects, faults and resets over HTTP", async () => {
    await expect(control("transactions", "POST", [{ head: { transactionHeadId: "77", total: "100" }, details: [{ productCode: "A" }] }])).resolves.toMatchObject({
      status: 200,
      body: { transactionHeadIds: ["77"] },
    })
    await control("members", "POST", [{ customerId: "9", lastName: "山田" }])
    await call("customer_upd", upd([member("10", { lastName: "佐藤" })]))
    expect((await control("members")).body).toEqual([expect.objectContaining({ customerId: "9" }), expect.objectContaining({ customerId: "10" })])
    expect((await control("requests")).body).toEqual([expect.objectContaining({ procName: "customer_upd", status: 200 })])

    await control("fault", "POST", { status: 500, times: 1 })
    expect((await call("customer_ref", { table_name: "Customer" })).status).toBe(500)
    expect((await control("stats")).body).toEqual({ requests: 2, rateLimitViolations: 0, maxObservedPerSecond: 2, members: 2, transactions: 1 })

    await control("fault", "POST", { status: 503, times: -1 })
    await control("fault", "POST", { clear: true })
    expect((await call("customer_ref", { table_name: "Customer" })).status).toBe(200)

    await control("reset", "POST")
    expect((await control("stats")).body).toEqual({ requests: 0, rateLimitViolations: 0, maxObservedPerSecond: 0, members: 0, transactions: 0 })
    expect((await control("nothing")).status).toBe(404)
  })
})
