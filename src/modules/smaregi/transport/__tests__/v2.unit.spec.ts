import { startFakeSmaregi, type FakeSmaregi } from "../../../../../dev/fake-smaregi/server"
import { SmaregiClient } from "../../../../smaregi/client"
import { unlimitedRateLimiter } from "../../../../smaregi/rate-limiter"
import { TransportUnsupportedError } from "../types"
import { V2Transport } from "../v2"

// The v2 transport against the fake Smaregi API in-process: which procedures it calls and what comes back.
const CONTRACT = { contractId: "v2-transport", accessToken: "tok-v2-transport" }
let fake: FakeSmaregi
let transport: V2Transport

beforeAll(async () => {
  fake = await startFakeSmaregi({ port: 0, contracts: [CONTRACT] })
  transport = new V2Transport(new SmaregiClient({ apiUrl: fake.url, ...CONTRACT, rateLimiter: unlimitedRateLimiter, maxRetries: 0 }))
})
afterAll(() => fake.stop())
beforeEach(() => fake.reset())

const sent = () => fake.requests.map((r) => [r.procName, (r.params as { table_name?: string }).table_name])

describe("V2Transport", () => {
  it("reads the details of the asked heads only, grouped by head", async () => {
    const detail = (id: string) => ({ transactionDetailId: id, productId: "1", salesPrice: "100", quantity: "1" })
    const [a, b, c] = fake.seedTransactions([
      { head: { transactionDateTime: "2026-05-01 10:00:00" }, details: [detail("1"), detail("2")] },
      { head: { transactionDateTime: "2026-05-01 11:00:00" }, details: [detail("1")] },
      { head: { transactionDateTime: "2026-05-01 12:00:00" }, details: [detail("1")] },
    ])
    const details = await transport.readDetailsByHeadIds([a, c])
    expect([...details.keys()].sort()).toEqual([a, c].sort())
    expect(details.get(a)?.map((d) => d.transactionDetailId)).toEqual(["1", "2"])
    expect(details.has(b)).toBe(false)
    expect(sent()).toEqual([["transaction_ref", "TransactionDetail"]])
  })

  it("finds members by id (only those asked), by a matching field, and page by page after a cursor", async () => {
    fake.seedMembers([
      { customerId: "10", customerCode: "M10", mailAddress: "a@example.jp" },
      { customerId: "11", customerCode: "M11", mailAddress: "b@example.jp" },
      { customerId: "12", customerCode: "M12", mailAddress: "a@example.jp" },
    ])
    const byId = await transport.findMembers({ customerIds: ["10", "12"], fields: ["customerId", "customerCode"] })
    expect(byId.rows.map((r) => r.customerId)).toEqual(["10", "12"])
    const matched = await transport.findMembers({ match: { mailAddress: "a@example.jp" } })
    expect(matched.rows.map((r) => r.customerId)).toEqual(["10", "12"])
    const between = await transport.findMembers({ customerIdsBetween: { from: "11", to: "5000" }, fields: ["customerId"] })
    expect(between).toEqual({ rows: [{ customerId: "11" }, { customerId: "12" }], totalCount: 2 })
    const page = await transport.findMembers({ after: "10", limit: 1, fields: ["customerId"] })
    expect(page).toEqual({ rows: [{ customerId: "11" }], totalCount: 2 })
    expect(await transport.highestCustomerId()).toBe("12")
    expect(await transport.ping()).toEqual({ memberCount: 3 })
  })

  it("writes members with one customer_upd and withdraws them with division D", async () => {
    const written = await transport.writeMembers([{ customerId: "5", customerCode: "M5", lastName: "山田", firstName: "花子", sex: "2" }], "upsert")
    expect(written).toEqual([{ customerId: "5", customerCode: "M5" }])
    expect(fake.membersOf(CONTRACT.contractId).get("5")).toMatchObject({ customerCode: "M5", lastName: "山田" })
    await transport.writeMembers([{ customerId: "5", customerCode: "M5" }], "delete")
    expect(fake.membersOf(CONTRACT.contractId).has("5")).toBe(false)
    expect(fake.requests.map((r) => [r.procName, (r.params as { proc_info?: { proc_division?: string } }).proc_info?.proc_division])).toEqual([
      ["customer_upd", "U"],
      ["customer_upd", "D"],
    ])
  })

  it("refuses a point balance on its own, and has no highest id without members", async () => {
    await expect(transport.setPoints("5", 100)).rejects.toBeInstanceOf(TransportUnsupportedError)
    expect(await transport.highestCustomerId()).toBeNull()
    expect(fake.requests).toHaveLength(1)
  })
})
