import { type ImportContext, type StoreCustomerMatch, importedCustomerFields, openingBalanceOf, planImport } from "../member-import"

const row = (over: Record<string, string | null> = {}) => ({
  customerId: "7",
  customerCode: "R000007",
  mailAddress: "Member7@Register.example.jp",
  status: "0",
  ...over,
})
const customer = (over: Partial<StoreCustomerMatch> = {}): StoreCustomerMatch => ({ id: "cus_1", has_account: true, member: null, ...over })
const context = (over: Partial<ImportContext> = {}): ImportContext => ({ members: new Map(), customersByEmail: new Map(), ...over })
const byEmail = (...customers: StoreCustomerMatch[]) => new Map([["member7@register.example.jp", customers]])

describe("planImport", () => {
  it.each<[string, Record<string, string | null>, ImportContext, ReturnType<typeof planImport>]>([
    ["no store customer with the e-mail", {}, context(), { kind: "create" }],
    ["no e-mail at all", { mailAddress: null }, context({ customersByEmail: byEmail(customer()) }), { kind: "create" }],
    ["a store customer with the e-mail (any case)", {}, context({ customersByEmail: byEmail(customer()) }), { kind: "propose", customer_id: "cus_1" }],
    [
      "the registered customer wins over a guest",
      {},
      context({ customersByEmail: byEmail(customer({ id: "cus_guest", has_account: false }), customer({ id: "cus_reg" })) }),
      { kind: "propose", customer_id: "cus_reg" },
    ],
    ["already linked", {}, context({ members: new Map([["7", { status: "synced" }]]) }), { kind: "already_linked" }],
    ["already proposed", {}, context({ members: new Map([["7", { status: "link_pending" }]]) }), { kind: "already_proposed" }],
    [
      "the customer is another member already",
      {},
      context({ customersByEmail: byEmail(customer({ member: { smaregi_customer_id: "1001", status: "synced", link_rejected_smaregi_id: null } })) }),
      { kind: "conflict", customer_id: "cus_1" },
    ],
    [
      "the customer is a Platform member still waiting for Smaregi's id",
      {},
      context({ customersByEmail: byEmail(customer({ member: { smaregi_customer_id: null, status: "pending", link_rejected_smaregi_id: null } })) }),
      { kind: "conflict", customer_id: "cus_1" },
    ],
    [
      "an admin refused this link before",
      {},
      context({ customersByEmail: byEmail(customer({ member: { smaregi_customer_id: "7", status: "synced", link_rejected_smaregi_id: "7" } })) }),
      { kind: "conflict", customer_id: "cus_1" },
    ],
    ["withdrawn", { status: "3" }, context(), { kind: "skip", reason: "inactive" }],
    ["merged", { status: "4" }, context(), { kind: "skip", reason: "inactive" }],
    ["no member code", { customerCode: " " }, context(), { kind: "skip", reason: "no_code" }],
  ])("%s", (_name, over, ctx, expected) => {
    expect(planImport(row(over), ctx)).toEqual(expected)
  })
})

describe("openingBalanceOf", () => {
  it.each<[Record<string, string | null>, ReturnType<typeof openingBalanceOf>]>([
    [{ point: "280", pointExpireDate: "2027-12-31" }, { amount: 280, expires_at: "2027-12-31T23:59:59+09:00" }],
    [{ point: "15", pointExpireDate: "2027-12-31 00:00:00" }, { amount: 15, expires_at: "2027-12-31T23:59:59+09:00" }],
    [{ point: null, pointExpireDate: null }, { amount: 0, expires_at: null }],
    [{ point: "", pointExpireDate: "" }, { amount: 0, expires_at: null }],
    [{ point: "12.0" }, { amount: 12, expires_at: null }],
  ])("%p", (over, expected) => {
    expect(openingBalanceOf(row(over))).toEqual(expected)
  })

  it("refuses a point that is not a number, naming the member", () => {
    expect(() => openingBalanceOf(row({ point: "abc" }))).toThrow('point: "abc" of Smaregi member 7 is not a number')
  })
})

describe("importedCustomerFields", () => {
  it("takes names, a lower-cased e-mail and the mobile number first", () => {
    expect(importedCustomerFields(row({ lastName: " 既存 ", firstName: "会員", phoneNumber: "03-1234-5678", mobileNumber: "090-1111-2222" }))).toEqual({
      email: "member7@register.example.jp",
      first_name: "会員",
      last_name: "既存",
      phone: "090-1111-2222",
    })
  })
  it("leaves missing fields empty", () => {
    expect(importedCustomerFields({ customerId: "8" })).toEqual({ email: null, first_name: null, last_name: null, phone: null })
  })
})
