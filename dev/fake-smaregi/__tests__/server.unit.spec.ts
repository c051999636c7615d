import http from "node:http"
import { startFakeSmaregi, type FakeSmaregi } from "../server"

const CONTRACT = { contractId: "dev-contract", accessToken: "dev-token" }
const AUTH: Array<[string, string]> = [
  ["X_contract_id", CONTRACT.contractId],
  ["X_access_token", CONTRACT.accessToken],
]
const FORM: Array<[string, string]> = [["Content-Type", "application/x-www-form-urlencoded; charset=UTF-8"]]

type Reply = { status: number; body: unknown; headers: http.IncomingHttpHeaders }

function send(url: string, options: { method?: string; headers?: Array<[string, string]>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const target = new URL(url)
    const headers = Object.fromEntries(options.headers ?? [])
    const req = http.request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: options.method ?? "POST", headers },
      (res) => {
        const chunks: Buffer[] = []
        res.on("data", (c: Buffer) => chunks.push(c))
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8")
          let body: unknown = text
          try {
            body = JSON.parse(text)
          } catch {
            // non-JSON bodies are returned as text
          }
          resolve({ status: res.statusCode ?? 0, body, headers: res.headers })
        })
      }
    )
    req.on("error", reject)
    if (options.body !== undefined) req.write(options.body)
    req.end()
  })
}

const form = (procName: string, params: unknown): string =>
  new URLSearchParams({ proc_name: procName, params: typeof params === "string" ? params : JSON.stringify(params) }).toString()

const upd = (rows: unknown[], division = "U", tableName = "Customer") => ({
  proc_info: { proc_division: division },
  data: [{ table_name: tableName, rows }],
})

/** A U row with every field customer_upd requires. */
const member = (id: string, extra: Record<string, unknown> = {}) => ({
  customerId: id,
  customerCode: `M${id.padStart(3, "0")}`,
  lastName: "山田",
  firstName: "花子",
  sex: "0",
  ...extra,
})

let fake: FakeSmaregi
const call = (procName: string, params: unknown): Promise<Reply> =>
  send(fake.url, { headers: [...FORM, ...AUTH], body: form(procName, params) })
const control = (path: string, method = "GET", body?: unknown): Promise<Reply> =>
  send(fake.url.replace("/access/", `/__fake/${path}`), {
    method,
    headers: [["Content-Type", "application/json"]],
    body: body === undefined ? undefined : JSON.stringify(body),
  })

beforeAll(async () => {
  fake = await startFakeSmaregi({ port: 0, idStart: 5000 })
})
afterAll(() => fake.stop())
beforeEach(() => fake.reset())

describe("fake Smaregi /access/ errors", () => {
  it.each<[string, () => Promise<Reply>, number, string]>([
    ["hyphenated contract header", () => send(fake.url, { headers: [...FORM, ["X-Contract-Id", "dev-contract"], ["X_access_token", "dev-token"]], body: form("customer_ref", { table_name: "Customer" }) }), 14, "契約IDが無効です。"],
    ["unknown contract", () => send(fake.url, { headers: [...FORM, ["X_contract_id", "nope"], ["X_access_token", "dev-token"]], body: form("customer_ref", {}) }), 14, "契約IDが無効です。"],
    ["hyphenated token header", () => send(fake.url, { headers: [...FORM, ["X_contract_id", "dev-contract"], ["X-Access-Token", "dev-token"]], body: form("customer_ref", {}) }), 13, "アクセストークンが無効です。"],
    ["wrong token", () => send(fake.url, { headers: [...FORM, ["X_contract_id", "dev-contract"], ["X_access_token", "bad"]], body: form("customer_ref", {}) }), 13, "アクセストークンが無効です。"],
    ["JSON content type", () => send(fake.url, { headers: [["Content-Type", "application/json"], ...AUTH], body: "{}" }), 11, "リクエストデータが不正です。"],
    ["missing proc_name", () => send(fake.url, { headers: [...FORM, ...AUTH], body: "params=%7B%7D" }), 11, "リクエストデータが不正です。"],
    ["missing params", () => send(fake.url, { headers: [...FORM, ...AUTH], body: "proc_name=customer_ref" }), 11, "リクエストデータが不正です。"],
    ["invalid JSON", () => call("customer_ref", "{table_name:"), 11, "リクエストデータが不正です。"],
    ["GET", () => send(fake.url, { method: "GET", headers: AUTH }), 11, "リクエストデータが不正です。"],
    ["unknown proc", () => call("customer_get", {}), 15, "proc_nameが不正です。"],
    ["unimplemented proc", () => call("point_upd", {}), 23, "この機能は利用できません。"],
    ["bad proc_division", () => call("customer_upd", upd([{ customerId: "1" }], "X")), 32, "proc_divisionが不正です。"],
    ["bad table_name", () => call("customer_upd", upd([{ customerId: "1" }], "U", "Product")), 31, "table_nameが不正です。"],
    ["invalid row", () => call("customer_upd", upd([member("1"), member("2", { lastKana: "山田" })])), 41, "入力値が不正です。(lastKana)"],
    ["unknown field", () => call("customer_upd", upd([member("1", { managerFlag: "1" })])), 41, "入力値が不正です。(managerFlag)"],
    ["a U row without sex", () => call("customer_upd", upd([member("1", { sex: undefined })])), 41, "入力値が不正です。(sex)"],
    ["too many rows", () => call("customer_upd", upd(Array.from({ length: 501 }, (_, i) => ({ customerId: String(i + 1) })))), 41, "入力値が不正です。(rows)"],
    ["customer_ref on TransactionHead", () => call("customer_ref", { table_name: "TransactionHead" }), 31, "table_nameが不正です。"],
    ["transaction_ref on Customer", () => call("transaction_ref", { table_name: "Customer" }), 31, "table_nameが不正です。"],
    ["limit over 1000", () => call("customer_ref", { table_name: "Customer", limit: 1001 }), 41, "入力値が不正です。(limit)"],
    ["bad condition operator", () => call("customer_ref", { table_name: "Customer", conditions: [{ "point !=": "0" }] }), 41, "入力値が不正です。(conditions)"],
  ])("%s", async (_name, run, errorCode, message) => {
    const reply = await run()
    expect(reply.status).toBe(400)
    expect(reply.body).toEqual({ error_code: errorCode, error: message, error_description: expect.any(String) })
    expect(fake.requests.at(-1)).toMatchObject({ status: 400, errorCode })
  })

  it("describes an invalid row in English with the row index and value", async () => {
    const reply = await call("customer_upd", upd([member("1"), member("2", { lastKana: "山田" })]))
    expect(reply.body).toMatchObject({
      error_description: 'row 1: lastKana: must be full-width katakana (ァ-ヶ, ー, ・, spaces) or half-width letters and digits (got "山田")',
    })
    expect(fake.members.size).toBe(0)
  })

  it.each<[string, Record<string, unknown>, string, string]>([
    ["sex", { sex: undefined }, "sex", "row 1: sex is required"],
    ["sex (blank)", { sex: " " }, "sex", "row 1: sex is required"],
    ["sex (null)", { sex: null }, "sex", "row 1: sex is required"],
    ["customerCode", { customerCode: undefined }, "customerCode", "row 1: customerCode is required"],
    ["lastName", { lastName: "" }, "lastName", "row 1: lastName is required"],
    ["firstName", { firstName: undefined }, "firstName", "row 1: firstName is required"],
    ["names and sex", { lastName: undefined, firstName: undefined, sex: undefined }, "lastName", "row 1: lastName, firstName, sex are required"],
    ["customerId", { customerId: undefined }, "customerId", "row 1: customerId: is required"],
  ])("refuses a U row without %s with 41 naming the field, storing nothing", async (_name, patch, field, description) => {
    const reply = await call("customer_upd", upd([member("1"), { ...member("2"), ...patch }]))
    expect(reply.status).toBe(400)
    expect(reply.body).toEqual({ error_code: 41, error: `入力値が不正です。(${field})`, error_description: expect.stringContaining(description) })
    expect(fake.members.size).toBe(0)
  })

  it("requires the fields on a status-only (withdrawal) row too, and nothing but customerId on a D row", async () => {
    await call("customer_upd", upd([member("1")]))
    const bare = await call("customer_upd", upd([{ customerId: "1", customerCode: "M001", status: "3", leaveDate: "2026-12-03" }]))
    expect(bare.body).toMatchObject({ error_code: 41, error: "入力値が不正です。(lastName)" })
    expect(fake.members.get("1")?.status).toBeUndefined()
    await expect(call("customer_upd", upd([member("1", { status: "3", leaveDate: "2026-12-03" })]))).resolves.toMatchObject({ status: 200 })
    expect(fake.members.get("1")).toMatchObject({ status: "3", leaveDate: "2026-12-03" })
    await expect(call("customer_upd", upd([{ customerId: "1" }], "D"))).resolves.toMatchObject({ status: 200 })
  })

  it("accepts kana in half-width letters and digits", async () => {
    await expect(call("customer_upd", upd([member("1", { lastKana: "Yamada", firstKana: "ﾊﾅｺ2" })]))).resolves.toMatchObject({ status: 200 })
    expect(fake.members.get("1")).toMatchObject({ lastKana: "Yamada", firstKana: "ハナコ2" })
  })

  it("rejects a customerCode already used by another member with 42", async () => {
    await call("customer_upd", upd([member("1", { customerCode: "M001" })]))
    const reply = await call("customer_upd", upd([member("2", { customerCode: "M001" })]))
    expect(reply.body).toMatchObject({
      error_code: 42,
      error: "既に登録されています。(customerCode)",
      error_description: "customerCode M001 already belongs to customerId 1",
    })
    expect(fake.members.has("2")).toBe(false)
    await expect(call("customer_upd", upd([member("1", { customerCode: "M001", lastName: "佐藤" })]))).resolves.toMatchObject({ status: 200 })
  })

  it.each<[string, Array<Record<string, unknown>>, Array<Record<string, unknown>>, number]>([
    ["two new members with one code in one call", [], [member("1", { customerCode: "X1" }), member("2", { customerCode: "X1" })], 400],
    ["a member moving to a free code", [member("1")], [member("1", { customerCode: "NEW" })], 200],
    ["a member taking the code another member gives up in the same call", [member("1")], [member("1", { customerCode: "NEW" }), member("2", { customerCode: "M001" })], 200],
  ])("customerCode uniqueness: %s", async (_name, existing, rows, status) => {
    if (existing.length) await call("customer_upd", upd(existing))
    const reply = await call("customer_upd", upd(rows))
    expect(reply.status).toBe(status)
    if (status === 400) expect(reply.body).toMatchObject({ error_code: 42 })
  })

  it("answers 404 outside /access/", async () => {
    expect((await send(fake.url.replace("/access/", "/other"), { headers: AUTH })).status).toBe(404)
  })
})

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
