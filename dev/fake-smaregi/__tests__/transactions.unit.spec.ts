import { startFakeSmaregi, type FakeSmaregi } from "../server"
import { upd, member, callFake, type Reply } from "./harness"

let fake: FakeSmaregi
const call = (procName: string, params: unknown): Promise<Reply> => callFake(fake, procName, params)

beforeAll(async () => {
  fake = await startFakeSmaregi({ port: 0, idStart: 5000 })
})
afterAll(() => fake.stop())
beforeEach(() => fake.reset())

describe("fake Smaregi transaction_ref", () => {
  it("serves seeded heads and details, assigning ids from idStart", async () => {
    const ids = fake.seedTransactions([
      { head: { total: 10900, customerCode: "M001", updDateTime: "2026-05-10 14:03:22" }, details: [{ productCode: "4900000000123", quantity: 2 }, { productCode: "X", quantity: "1" }] },
      { head: { transactionHeadId: "1052", total: "500", cancelDivision: "0", updDateTime: "2026-05-11 09:00:00" } },
    ])
    expect(ids).toEqual(["5000", "1052"])
    const heads = await call("transaction_ref", {
      table_name: "TransactionHead",
      conditions: [{ "updDateTime >=": "2026-05-10 00:00:00", "updDateTime <": "2026-05-12 00:00:00" }],
      order: ["updDateTime desc"],
    })
    expect(heads.body).toMatchObject({ total_count: "2", result: [{ transactionHeadId: "1052" }, { transactionHeadId: "5000", total: "10900" }] })
    const details = await call("transaction_ref", { table_name: "TransactionDetail", conditions: [{ transactionHeadId: "5000" }] })
    expect(details.body).toEqual({
      total_count: "2",
      result: [
        { productCode: "4900000000123", quantity: "2", transactionHeadId: "5000", transactionDetailId: "1", updDateTime: "2026-05-10 14:03:22" },
        { productCode: "X", quantity: "1", transactionHeadId: "5000", transactionDetailId: "2", updDateTime: "2026-05-10 14:03:22" },
      ],
    })
  })
})

describe("fake Smaregi transaction_ref range rule, first condition only, 500-row pages", () => {
  const head = (id: number, updDateTime: string) => ({ head: { transactionHeadId: String(id), updDateTime, transactionDateTime: updDateTime }, details: [{ quantity: 1 }] })
  beforeEach(() => {
    fake.seedTransactions([head(1, "2026-01-01 10:00:00"), head(2, "2026-01-31 23:59:59"), head(3, "2026-02-01 00:00:00"), head(200_001, "2026-03-01 00:00:00")])
  })

  it.each<[string, unknown, string[]]>([
    ["updDateTime >= and <, 31 days", [{ "updDateTime >=": "2026-01-01 00:00:00", "updDateTime <": "2026-02-01 00:00:00" }], ["1", "2"]],
    ["updDateTime >= and <=, just under 31 days", [{ "updDateTime >=": "2026-01-01 00:00:00", "updDateTime <=": "2026-01-31 23:59:59" }], ["1", "2"]],
    ["transactionDateTime range", [{ "transactionDateTime >=": "2026-01-15 00:00:00", "transactionDateTime <=": "2026-02-01 00:00:00" }], ["2", "3"]],
    ["one transactionHeadId", [{ transactionHeadId: "3" }], ["3"]],
    ["transactionHeadId range of 100,000", [{ "transactionHeadId >=": "1", "transactionHeadId <=": "100001" }], ["1", "2", "3"]],
    ["range in the first object, the second ignored", [{ "updDateTime >=": "2026-01-01 00:00:00", "updDateTime <": "2026-01-02 00:00:00" }, { transactionHeadId: "3" }], ["1"]],
  ])("accepts %s", async (_name, conditions, ids) => {
    const reply = await call("transaction_ref", { table_name: "TransactionHead", conditions })
    expect(reply.status).toBe(200)
    expect((reply.body as { result: Array<{ transactionHeadId: string }> }).result.map((r) => r.transactionHeadId)).toEqual(ids)
  })

  it.each<[string, string, unknown, RegExp]>([
    ["no conditions", "TransactionHead", undefined, /closed From–To date range of at most 31 days/],
    ["an open-ended updDateTime >=", "TransactionHead", [{ "updDateTime >=": "2026-01-01 00:00:00" }], /closed From–To date range/],
    ["a 32-day range", "TransactionHead", [{ "updDateTime >=": "2026-01-01 00:00:00", "updDateTime <": "2026-02-02 00:00:00" }], /spans 32\.00 days \(at most 31\)/],
    ["31 days and a second", "TransactionHead", [{ "updDateTime >=": "2026-01-01 00:00:00", "updDateTime <=": "2026-02-01 00:00:01" }], /at most 31/],
    ["bounds on two different fields", "TransactionHead", [{ "updDateTime >=": "2026-01-01 00:00:00", "transactionDateTime <": "2026-01-02 00:00:00" }], /closed From–To/],
    ["a range only in the second object", "TransactionHead", [{ customerCode: "M1" }, { "updDateTime >=": "2026-01-01", "updDateTime <": "2026-01-02" }], /closed From–To/],
    ["a transactionHeadId range over 100,000", "TransactionDetail", [{ "transactionHeadId >=": "1", "transactionHeadId <=": "100002" }], /spans 100001 ids/],
    ["OR-ed transactionHeadIds, first object empty", "TransactionDetail", [{}, { transactionHeadId: "1" }], /closed From–To/],
  ])("refuses %s with error 41 naming the rule", async (_name, table_name, conditions, description) => {
    const reply = await call("transaction_ref", { table_name, conditions })
    expect(reply.status).toBe(400)
    expect(reply.body).toMatchObject({ error_code: 41, error: expect.stringMatching(/^入力値が不正です。\(.*31日以内の期間かtransactionHeadId/), error_description: expect.stringMatching(description) })
  })

  it("details honour only the first condition object", async () => {
    const reply = await call("transaction_ref", { table_name: "TransactionDetail", conditions: [{ transactionHeadId: "1" }, { transactionHeadId: "2" }] })
    expect((reply.body as { result: Array<{ transactionHeadId: string }> }).result.map((r) => r.transactionHeadId)).toEqual(["1"])
  })

  it("caps a page at 500 rows whatever the limit, with the true total_count", async () => {
    fake.reset()
    fake.seedTransactions(Array.from({ length: 1200 }, (_, i) => head(i + 1, "2026-01-10 00:00:00")))
    const window = [{ "updDateTime >=": "2026-01-01 00:00:00", "updDateTime <": "2026-02-01 00:00:00" }]
    const pages = []
    for (const page of [1, 2, 3]) pages.push((await call("transaction_ref", { table_name: "TransactionHead", conditions: window, limit: 1000, page })).body as { total_count: string; result: unknown[] })
    expect(pages.map((p) => [p.total_count, p.result.length])).toEqual([["1200", 500], ["1200", 500], ["1200", 200]])
  })

  it("customer_ref caps a page at 500 rows too", async () => {
    await call("customer_upd", upd(Array.from({ length: 300 }, (_, i) => member(String(i + 1)))))
    await call("customer_upd", upd(Array.from({ length: 300 }, (_, i) => member(String(i + 301)))))
    const reply = (await call("customer_ref", { table_name: "Customer", limit: 1000 })).body as { total_count: string; result: unknown[] }
    expect([reply.total_count, reply.result.length]).toEqual(["600", 500])
  })
})
