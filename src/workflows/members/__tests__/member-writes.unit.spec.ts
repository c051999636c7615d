import { startFakeSmaregiPlatform, type FakeSmaregiPlatform } from "../../../../dev/fake-smaregi-platform/server"
import { createPlatformTransport, type PlatformTransport } from "../../../modules/smaregi/transport/platform"
import type { ClaimedMember } from "../../../modules/smaregi/repositories"
import type { CustomerRow } from "../../../smaregi/customer-fields"
import { buildWithdrawalRow } from "../../../smaregi/member-mapping"
import { InMemoryTokenStore } from "../../../smaregi/platform/token"
import { type RateLimiter, unlimitedRateLimiter } from "../../../smaregi/rate-limiter"
import { parseSettings } from "../../../smaregi/settings"
import type { PreparedSync, SyncIntent, SyncItem } from "../outcomes"
import { prepareRemoval } from "../steps/prepare-member-rows"
import { sendMemberBatches } from "../steps/send-member-rows"

// Member writes through the Platform API (one call per member) against the fake, and what a deleted customer sends.
const CONTRACT = "sb_member_writes"
let fake: FakeSmaregiPlatform
let transport: PlatformTransport

const unlimited: RateLimiter = unlimitedRateLimiter

beforeAll(async () => {
  fake = await startFakeSmaregiPlatform({ contracts: [{ contractId: CONTRACT, clientId: "cid", clientSecret: "csecret" }] })
})
afterAll(() => fake.stop())
beforeEach(() => {
  fake.reset()
  transport = createPlatformTransport(
    { environment: "sandbox", contractId: CONTRACT, clientId: "cid", clientSecret: "csecret", idUrl: fake.url, apiUrl: fake.url },
    { tokenStore: new InMemoryTokenStore(), readLimiter: unlimited, writeLimiter: unlimited, sleep: async () => {} }
  )
})

const member = (id: string, overrides: Partial<ClaimedMember> = {}): ClaimedMember => ({
  id: `mem_${id}`,
  customer_id: `cus_${id}`,
  smaregi_customer_id: id,
  customer_code: `M00000000${id}`,
  attempts: 0,
  linked_existing: false,
  last_synced_at: "2026-05-01T00:00:00Z",
  last_payload_hash: "h",
  last_payload: null,
  last_error_code: null,
  requested_token: null,
  point_web_total_sent: 0,
  ...overrides,
})

const item = (id: string, row: Partial<CustomerRow>, intent: SyncIntent = "upsert", extra: Partial<SyncItem> = {}): SyncItem => ({
  member: member(id),
  intent,
  row: { customerId: id, customerCode: `M00000000${id}`, lastName: "山田", firstName: "花子", sex: "0", ...row } as CustomerRow,
  hash: "",
  ...extra,
})

const seed = (ids: string[], point = "100") =>
  fake.seedCustomers(ids.map((id) => ({ customerId: id, customerCode: `M00000000${id}`, lastName: "山田", firstName: "花子", point })), CONTRACT)
const routes = () => fake.requests.filter((r) => r.path.includes("/pos/")).map((r) => `${r.method} ${r.path.replace(`/${CONTRACT}`, "")} ${r.status}`)
const stored = (id: string) => fake.customersOf(CONTRACT).get(id)

describe("sending member rows one by one (Platform)", () => {
  it("reports the rows written before a refused one as written, so their point/add is never sent twice", async () => {
    fake.setPlan("premium-plus", CONTRACT)
    seed(["1", "2", "3"])
    fake.fault({ status: 400, detail: "invalid lastName", match: "^PATCH /pos/customers/3$" })
    const writes = ["1", "2", "3"].map((id) => item(id, { point: "110" }, "upsert", { points: { delta: 10 }, point_web_total: 10 }))

    const results = await sendMemberBatches(transport, writes, 100)

    expect(results.map((r) => [r.member_id, r.ok])).toEqual([
      ["mem_1", true],
      ["mem_2", true],
      ["mem_3", false],
    ])
    expect(results[2]).toMatchObject({ ok: false, failure: { kind: "row", code: "41" } })
    expect(routes().filter((r) => r.includes("/point/add"))).toEqual(["POST /pos/customers/1/point/add 200", "POST /pos/customers/2/point/add 200"])
    expect(["1", "2", "3"].map((id) => stored(id)?.point)).toEqual(["110", "110", "100"])
  })

  it("leaves the rows after a transient failure unsent, failed the same way, for the retry", async () => {
    seed(["1", "2", "3"])
    fake.fault({ status: 503, match: "^PATCH /pos/customers/2$", times: -1 })
    const results = await sendMemberBatches(transport, ["1", "2", "3"].map((id) => item(id, { firstName: "次郎" })), 100)

    expect(results.map((r) => [r.member_id, r.ok, r.ok ? null : r.failure.kind])).toEqual([
      ["mem_1", true, null],
      ["mem_2", false, "transient"],
      ["mem_3", false, "transient"],
    ])
    expect(routes().some((r) => r.includes("/pos/customers/3"))).toBe(false)
  })
})

describe("withdrawing and deleting a member", () => {
  const withdrawal = (id: string, customerId: string | null = id, lastPayload: Record<string, unknown> = { lastName: "山田", firstName: "花子", sex: "2", point: "500", pointExpireDate: "2027-03-31" }) => {
    const built = buildWithdrawalRow({ customerId, customerCode: `M00000000${id}`, lastPayload, leaveDate: "2026-05-10", namePlaceholder: "未設定" })
    if (!built.ok) throw new Error(JSON.stringify(built.errors))
    return { ...item(id, {}, "withdraw"), row: built.row }
  }

  it("withdraws without writing the stale balance of the last row, and one gone from Smaregi is done, points sent or not", async () => {
    seed(["1"], "480") // the register moved the balance since the last push of 500
    const results = await sendMemberBatches(transport, [withdrawal("1"), withdrawal("2")], 100)

    expect(results).toEqual([
      { member_id: "mem_1", ok: true, smaregi_customer_id: "1" },
      { member_id: "mem_2", ok: true, smaregi_customer_id: "2" },
    ])
    expect(stored("1")).toMatchObject({ status: "3", leaveDate: "2026-05-10", point: "480" })
    expect(routes()).toEqual(["PATCH /pos/customers/1 200", "PATCH /pos/customers/2 404"])
  })

  it("finds a member whose create answer was lost by its code, and creates none when there is none", async () => {
    seed(["7"])
    const results = await sendMemberBatches(
      transport,
      [withdrawal("7", null), withdrawal("8", null), { ...item("7", {}, "delete"), row: { customerId: "", customerCode: "M000000007" } as CustomerRow }],
      100
    )

    expect(results.map((r) => r.ok && r.smaregi_customer_id)).toEqual(["7", undefined, "7"])
    expect(routes().filter((r) => !r.startsWith("GET"))).toEqual(["PATCH /pos/customers/7 200", "DELETE /pos/customers/7 200"])
    expect(fake.customersOf(CONTRACT).size).toBe(0)
  })

  it("withdraws or deletes a Platform member tried before but never confirmed; on v2 such a member was never written", () => {
    const lost = member("9", { smaregi_customer_id: null, last_synced_at: null, attempts: 2, last_payload: null })
    const remove = (deletionPolicy: "withdraw" | "delete", assignsCustomerId: boolean): PreparedSync => {
      const prepared: PreparedSync = { writes: [], settled: [] }
      prepareRemoval(lost, parseSettings({ deletionPolicy }), prepared, assignsCustomerId)
      return prepared
    }

    expect(remove("withdraw", true).writes).toEqual([
      expect.objectContaining({ intent: "withdraw", row: expect.objectContaining({ customerId: "", customerCode: "M000000009", status: "3" }) }),
    ])
    expect(remove("delete", true).writes).toEqual([expect.objectContaining({ intent: "delete", row: { customerId: "", customerCode: "M000000009" } })])
    expect(remove("withdraw", false)).toMatchObject({ writes: [], settled: [{ status: "withdrawn", outcome: "withdrawn" }] })
  })
})
