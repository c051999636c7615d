import { payloadHash } from "../../member-mapping"
import { followRegisterEdit } from "../member-edits"

describe("followRegisterEdit", () => {
  const record = { customer_code: "M000001000", last_payload: { customerCode: "M000001000", lastName: "山田", firstName: "花子" } }

  it.each([
    ["a new code", { customerId: "7", customerCode: "CARD-1" }, { customer_code: "CARD-1", payload: { customerCode: "CARD-1" } }],
    ["a new rank", { customerId: "7", customerCode: "M000001000", rank: "VIP" }, { customer_code: "M000001000", payload: { rank: "VIP" } }],
    ["both", { customerId: "7", customerCode: "CARD-2", rank: "GOLD" }, { customer_code: "CARD-2", payload: { customerCode: "CARD-2", rank: "GOLD" } }],
  ])("takes %s into the record, the hash of the new payload with it", (_name, row, expected) => {
    const next = followRegisterEdit(record, row)
    const payload = { ...record.last_payload, ...expected.payload }
    expect(next).toEqual({ customer_code: expected.customer_code, last_payload: payload, last_payload_hash: payloadHash(payload) })
  })

  it.each([
    ["nothing changed", { customerId: "7", customerCode: "M000001000", lastName: "別名" }],
    ["no code (a blank one is never taken)", { customerId: "7", customerCode: " ", rank: "VIP" }],
    ["Smaregi has no rank", { customerId: "7", customerCode: "M000001000", rank: null }],
  ])("leaves the record alone when %s", (_name, row) => {
    expect(followRegisterEdit(record, row)).toBeNull()
  })

  it("keeps the other fields of the last payload and starts one when there was none", () => {
    expect(followRegisterEdit({ customer_code: "A", last_payload: null }, { customerCode: "B" })).toEqual({
      customer_code: "B",
      last_payload: { customerCode: "B" },
      last_payload_hash: payloadHash({ customerCode: "B" }),
    })
  })
})
