import { startFakeSmaregi, type FakeSmaregi } from "../server"
import { AUTH, FORM, send, form, upd, member, callFake, type Reply } from "./harness"

let fake: FakeSmaregi
const call = (procName: string, params: unknown): Promise<Reply> => callFake(fake, procName, params)

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
