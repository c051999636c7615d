import { startFakeSmaregi, type FakeSmaregi } from "../../../../dev/fake-smaregi/server"
import { SmaregiClient } from "../../../smaregi/client"
import type { MemberCustomer } from "../../../smaregi/member-mapping"
import { unlimitedRateLimiter } from "../../../smaregi/rate-limiter"
import { V2Transport } from "../../../modules/smaregi/transport/v2"
import { findExistingMembers } from "../link-existing"

const CONTRACT = { contractId: "link-existing", accessToken: "tok-link" }
let fake: FakeSmaregi
let transport: V2Transport

beforeAll(async () => {
  fake = await startFakeSmaregi({ port: 0, contracts: [CONTRACT] })
  transport = new V2Transport(new SmaregiClient({ apiUrl: fake.url, ...CONTRACT, rateLimiter: unlimitedRateLimiter, maxRetries: 0 }))
})
afterAll(() => fake.stop())
beforeEach(() => fake.reset())

const conditionsSent = () => fake.requests.map((r) => (r.params as { conditions: unknown }).conditions)

const HANAKO: MemberCustomer = { id: "cus_hanako", email: "Hanako@Example.jp", phone: "090-1234-5678" }
const TARO: MemberCustomer = { id: "cus_taro", email: "taro@example.jp", phone: "+81 3 1111 2222" }
const NOBODY: MemberCustomer = { id: "cus_nobody", email: null, phone: null }

describe("findExistingMembers", () => {
  it("asks once per e-mail (one condition object each) and matches case-insensitively", async () => {
    fake.seedMembers([
      { customerId: "12", customerCode: "POS12", mailAddress: "Hanako@Example.jp" },
      { customerId: "30", customerCode: "POS30", mailAddress: "taro@example.jp" },
      { customerId: "31", customerCode: "POS31", mailAddress: "someone@example.jp" },
    ])
    const found = await findExistingMembers(transport, "email", [HANAKO, TARO, NOBODY, { ...HANAKO, id: "cus_dup" }])
    expect(conditionsSent()).toEqual([[{ mailAddress: "Hanako@Example.jp" }], [{ mailAddress: "taro@example.jp" }]])
    expect(Object.fromEntries(found)).toEqual({
      cus_hanako: { smaregi_customer_id: "12", customer_code: "POS12" },
      cus_taro: { smaregi_customer_id: "30", customer_code: "POS30" },
    })
  })

  it.each([
    ["a withdrawn member", { customerId: "5", customerCode: "W5", mailAddress: "Hanako@Example.jp", status: "3" }],
    ["a merged member", { customerId: "6", customerCode: "W6", mailAddress: "Hanako@Example.jp", status: "4" }],
    ["another e-mail", { customerId: "8", customerCode: "X8", mailAddress: "hanako@example.com" }],
  ])("ignores %s", async (_label, row) => {
    fake.seedMembers([row])
    expect((await findExistingMembers(transport, "email", [HANAKO])).size).toBe(0)
  })

  it("takes the lowest active customerId and uses each Smaregi member once", async () => {
    const twin: MemberCustomer = { id: "cus_twin", email: "Hanako@Example.jp" }
    fake.seedMembers([
      { customerId: "40", customerCode: "B", mailAddress: "Hanako@Example.jp" },
      { customerId: "9", customerCode: "A", mailAddress: "Hanako@Example.jp" },
    ])
    const found = await findExistingMembers(transport, "email", [HANAKO, twin])
    expect(found.get("cus_hanako")).toEqual({ smaregi_customer_id: "9", customer_code: "A" })
    expect(found.get("cus_twin")).toEqual({ smaregi_customer_id: "40", customer_code: "B" })
  })

  it("matches phones on phoneNumber or mobileNumber, one lookup per field and number", async () => {
    fake.seedMembers([
      { customerId: "3", customerCode: "P3", mobileNumber: "090-1234-5678" },
      { customerId: "4", customerCode: "P4", phoneNumber: "+81311112222" },
    ])
    const found = await findExistingMembers(transport, "phone", [HANAKO, TARO, NOBODY])
    expect(conditionsSent()).toEqual([
      [{ phoneNumber: "090-1234-5678" }],
      [{ mobileNumber: "090-1234-5678" }],
      [{ phoneNumber: "+81311112222" }],
      [{ mobileNumber: "+81311112222" }],
    ])
    expect(found.get("cus_hanako")?.smaregi_customer_id).toBe("3")
    expect(found.get("cus_taro")?.smaregi_customer_id).toBe("4")
  })

  it("does not call Smaregi when no customer has the key", async () => {
    expect((await findExistingMembers(transport, "phone", [NOBODY])).size).toBe(0)
    expect(fake.requests).toHaveLength(0)
  })
})
