import { startFakeSmaregi, type FakeSmaregi } from "../server"
import { upd, member, callFake, type Reply } from "./harness"

let fake: FakeSmaregi
const call = (procName: string, params: unknown): Promise<Reply> => callFake(fake, procName, params)

beforeAll(async () => {
  fake = await startFakeSmaregi({ port: 0, idStart: 5000 })
})
afterAll(() => fake.stop())
beforeEach(() => fake.reset())

describe("fake Smaregi customer_upd and customer_ref", () => {
  it("upserts by customerId, merging partial updates, and deletes with D", async () => {
    await expect(call("customer_upd", upd([member("1", { lastKana: "やまだ", point: "100" }), member("2", { lastName: "佐藤" })]))).resolves.toEqual({
      status: 200,
      body: { result: { Customer: 2 } },
      headers: expect.any(Object),
    })
    await call("customer_upd", upd([member("1", { point: "250" })]))
    expect(fake.members.get("1")).toMatchObject({ customerId: "1", lastName: "山田", lastKana: "ヤマダ", point: "250" })
    expect(fake.members.get("1")?.updDateTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    await expect(call("customer_upd", upd([{ customerId: "2" }], "D"))).resolves.toMatchObject({ body: { result: { Customer: 1 } } })
    expect([...fake.members.keys()]).toEqual(["1"])
  })

  it.each<[string, Record<string, unknown>, string[], string]>([
    ["all, default order", {}, ["1", "2", "3", "10"], "4"],
    ["only the first condition object counts", { conditions: [{ lastName: "山田", sex: "2" }, { customerCode: "M010" }] }, ["2"], "1"],
    ["like", { conditions: [{ "lastKana like": "ヤマ%" }] }, ["1", "2"], "2"],
    [">= and <", { conditions: [{ "point >=": "100", "point <": "1000" }] }, ["2", "3"], "2"],
    ["> and <=", { conditions: [{ "point >": 100, "point <=": 1000 }] }, ["3", "10"], "2"],
    ["order desc, limit, page", { order: ["point desc"], limit: 2, page: 2 }, ["2", "1"], "4"],
    ["numeric id order", { order: ["customerId desc"], limit: 1 }, ["10"], "4"],
  ])("%s", async (_name, query, ids, total) => {
    await call(
      "customer_upd",
      upd([
        member("1", { lastName: "山田", lastKana: "ヤマダ", sex: "1", point: "0" }),
        member("2", { lastName: "山田", lastKana: "ヤマモト", sex: "2", point: "100" }),
        member("3", { lastName: "佐藤", lastKana: "サトウ", sex: "2", point: "500" }),
        member("10", { lastName: "鈴木", lastKana: "スズキ", point: "1000" }),
      ])
    )
    const reply = await call("customer_ref", { table_name: "Customer", ...query })
    const body = reply.body as { total_count: string; result: Array<Record<string, string | null>> }
    expect(body.total_count).toBe(total)
    expect(body.result.map((r) => r.customerId)).toEqual(ids)
  })

  it("returns every Customer column as a string or null, or only the requested fields", async () => {
    await call("customer_upd", upd([member("7", { point: 5 })]))
    const full = (await call("customer_ref", { table_name: "Customer" })).body as { result: Array<Record<string, unknown>> }
    expect(full.result[0]).toMatchObject({ customerId: "7", lastName: "山田", point: "5", sex: "0", mailAddress: null, insDateTime: expect.any(String) })
    expect(Object.values(full.result[0]).every((v) => v === null || typeof v === "string")).toBe(true)
    const some = await call("customer_ref", { table_name: "Customer", fields: ["customerId", "point"] })
    expect(some.body).toEqual({ total_count: "1", result: [{ customerId: "7", point: "5" }] })
  })
})

describe("fake Smaregi with an existing contract's members", () => {
  beforeEach(() => {
    const ids = [...Array.from({ length: 40 }, (_, i) => i + 1), 1000]
    fake.seedMembers(ids.map((id) => ({ customerId: id, customerCode: `R${id}`, lastName: "既存", firstName: "会員", point: id * 10 })))
  })

  it("answers the highest customerId numerically (not as text) with only the asked field", async () => {
    const reply = await call("customer_ref", { table_name: "Customer", fields: ["customerId"], order: ["customerId desc"], limit: 1 })
    expect(reply.body).toEqual({ total_count: "41", result: [{ customerId: "1000" }] })
  })

  it("finds members in a numeric customerId range", async () => {
    const reply = await call("customer_ref", {
      table_name: "Customer",
      fields: ["customerId", "customerCode", "point"],
      conditions: [{ "customerId >=": "9", "customerId <=": "1000" }],
      order: ["customerId desc"],
      limit: 3,
    })
    expect(reply.body).toEqual({
      total_count: "33",
      result: [
        { customerId: "1000", customerCode: "R1000", point: "10000" },
        { customerId: "40", customerCode: "R40", point: "400" },
        { customerId: "39", customerCode: "R39", point: "390" },
      ],
    })
  })

  it("refuses a new member whose code a seeded member already has", async () => {
    const reply = await call("customer_upd", upd([member("1001", { customerCode: "R1000", lastName: "新規" })]))
    expect(reply.body).toMatchObject({ error_code: 42 })
    expect(fake.members.has("1001")).toBe(false)
  })
})
