import type { RefResult, SmaregiClient } from "../../../smaregi/client"
import type { MemberCustomer } from "../../../smaregi/member-mapping"
import { findExistingMembers } from "../link-existing"

type RefCall = { procName: string; query: Record<string, unknown> }

function stubClient(rows: RefResult["rows"]): { client: SmaregiClient; calls: RefCall[] } {
  const calls: RefCall[] = []
  const client = {
    refAll: async (procName: string, query: Record<string, unknown>) => {
      calls.push({ procName, query })
      return { totalCount: rows.length, rows }
    },
  } as unknown as SmaregiClient
  return { client, calls }
}

const smaregiRow = (r: Record<string, string | null>) => ({
  customerId: null,
  customerCode: null,
  mailAddress: null,
  mailAddress2: null,
  mailAddress3: null,
  phoneNumber: null,
  mobileNumber: null,
  status: "0",
  ...r,
})

const HANAKO: MemberCustomer = { id: "cus_hanako", email: "Hanako@Example.jp", phone: "090-1234-5678" }
const TARO: MemberCustomer = { id: "cus_taro", email: "taro@example.jp", phone: "+81 3 1111 2222" }
const NOBODY: MemberCustomer = { id: "cus_nobody", email: null, phone: null }

describe("findExistingMembers", () => {
  it("asks once with OR-ed e-mail conditions and matches case-insensitively, also on mailAddress2", async () => {
    const { client, calls } = stubClient([
      smaregiRow({ customerId: "12", customerCode: "POS12", mailAddress: "hanako@example.jp" }),
      smaregiRow({ customerId: "30", customerCode: "POS30", mailAddress: "old@example.jp", mailAddress2: "taro@example.jp" }),
    ])
    const found = await findExistingMembers(client, "email", [HANAKO, TARO, NOBODY])
    expect(calls).toHaveLength(1)
    expect(calls[0].procName).toBe("customer_ref")
    expect(calls[0].query.conditions).toEqual([{ mailAddress: "Hanako@Example.jp" }, { mailAddress: "taro@example.jp" }])
    expect(Object.fromEntries(found)).toEqual({
      cus_hanako: { smaregi_customer_id: "12", customer_code: "POS12" },
      cus_taro: { smaregi_customer_id: "30", customer_code: "POS30" },
    })
  })

  it.each([
    ["a withdrawn member", smaregiRow({ customerId: "5", customerCode: "W5", mailAddress: "hanako@example.jp", status: "3" })],
    ["a merged member", smaregiRow({ customerId: "6", customerCode: "W6", mailAddress: "hanako@example.jp", status: "4" })],
    ["a member without a code", smaregiRow({ customerId: "7", customerCode: null, mailAddress: "hanako@example.jp" })],
    ["another e-mail", smaregiRow({ customerId: "8", customerCode: "X8", mailAddress: "hanako@example.com" })],
  ])("ignores %s", async (_label, row) => {
    const { client } = stubClient([row])
    expect((await findExistingMembers(client, "email", [HANAKO])).size).toBe(0)
  })

  it("takes the lowest active customerId and uses each Smaregi member once", async () => {
    const twin: MemberCustomer = { id: "cus_twin", email: "hanako@example.jp" }
    const { client } = stubClient([
      smaregiRow({ customerId: "40", customerCode: "B", mailAddress: "hanako@example.jp" }),
      smaregiRow({ customerId: "9", customerCode: "A", mailAddress: "HANAKO@example.jp" }),
    ])
    const found = await findExistingMembers(client, "email", [HANAKO, twin])
    expect(found.get("cus_hanako")).toEqual({ smaregi_customer_id: "9", customer_code: "A" })
    expect(found.get("cus_twin")).toEqual({ smaregi_customer_id: "40", customer_code: "B" })
  })

  it("matches phones by digits on phoneNumber or mobileNumber", async () => {
    const { client, calls } = stubClient([
      smaregiRow({ customerId: "3", customerCode: "P3", mobileNumber: "09012345678" }),
      smaregiRow({ customerId: "4", customerCode: "P4", phoneNumber: "+81-3-1111-2222" }),
    ])
    const found = await findExistingMembers(client, "phone", [HANAKO, TARO, NOBODY])
    expect(calls[0].query.conditions).toEqual([
      { phoneNumber: "090-1234-5678" },
      { mobileNumber: "090-1234-5678" },
      { phoneNumber: "+81311112222" },
      { mobileNumber: "+81311112222" },
    ])
    expect(found.get("cus_hanako")?.smaregi_customer_id).toBe("3")
    expect(found.get("cus_taro")?.smaregi_customer_id).toBe("4")
  })

  it("does not call Smaregi when no customer has the key", async () => {
    const { client, calls } = stubClient([])
    expect((await findExistingMembers(client, "phone", [NOBODY])).size).toBe(0)
    expect(calls).toHaveLength(0)
  })
})
