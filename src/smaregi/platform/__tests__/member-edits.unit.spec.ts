import { payloadHash } from "../../member-mapping"
import { followRegisterEdit } from "../member-edits"

describe("followRegisterEdit", () => {
  const record = { customer_code: "M000001000", last_payload: { customerId: "7", customerCode: "M000001000", lastName: "山田", firstName: "花子" } }
  const noMapping = { rankFromGroups: false }
  const mapped = { rankFromGroups: true }

  it("takes a new code into the record, the hash of the new payload with it", () => {
    const payload = { ...record.last_payload, customerCode: "CARD-1" }
    expect(followRegisterEdit(record, { customerId: "7", customerCode: "CARD-1" }, noMapping)).toEqual({
      customer_code: "CARD-1",
      last_payload: payload,
      last_payload_hash: payloadHash(payload),
    })
  })

  it("without a rank mapping takes the rank but hashes the row our sync builds (no rank), so the next unchanged row sends nothing", () => {
    const next = followRegisterEdit(record, { customerId: "7", customerCode: "CARD-2", rank: "GOLD" }, noMapping)
    const built = { ...record.last_payload, customerCode: "CARD-2" }
    expect(next).toEqual({ customer_code: "CARD-2", last_payload: { ...built, rank: "GOLD" }, last_payload_hash: payloadHash(built) })
    expect(followRegisterEdit(record, { customerId: "7", customerCode: "M000001000", rank: "VIP" }, noMapping)).toMatchObject({
      last_payload: { rank: "VIP" },
      last_payload_hash: payloadHash(record.last_payload),
    })
  })

  it("with a rank mapping never takes the register's rank: Medusa's groups are the rank, the next push sends the mapped one", () => {
    const ranked = { ...record, last_payload: { ...record.last_payload, rank: "SILVER" } }
    expect(followRegisterEdit(ranked, { customerId: "7", customerCode: "M000001000", rank: "VIP" }, mapped)).toBeNull()
    const payload = { ...ranked.last_payload, customerCode: "CARD-3" }
    expect(followRegisterEdit(ranked, { customerId: "7", customerCode: "CARD-3", rank: "VIP" }, mapped)).toEqual({
      customer_code: "CARD-3",
      last_payload: payload,
      last_payload_hash: payloadHash(payload),
    })
  })

  it.each([
    ["nothing followed changed", { customerId: "7", customerCode: "M000001000", lastName: "別名" }],
    ["no code (a blank one is never taken)", { customerId: "7", customerCode: " ", rank: "VIP" }],
    ["Smaregi has no rank", { customerId: "7", customerCode: "M000001000", rank: null }],
  ])("leaves the record alone when %s", (_name, row) => {
    expect(followRegisterEdit(record, row, noMapping)).toBeNull()
  })

  it("leaves the record alone when it already holds the followed rank", () => {
    const followed = { ...record, last_payload: { ...record.last_payload, rank: "VIP" } }
    expect(followRegisterEdit(followed, { customerId: "7", customerCode: "M000001000", rank: "VIP" }, noMapping)).toBeNull()
  })

  it("keeps the other fields of the last payload and starts one when there was none", () => {
    expect(followRegisterEdit({ customer_code: "A", last_payload: null }, { customerCode: "B" }, noMapping)).toEqual({
      customer_code: "B",
      last_payload: { customerCode: "B" },
      last_payload_hash: payloadHash({ customerCode: "B" }),
    })
  })
})
