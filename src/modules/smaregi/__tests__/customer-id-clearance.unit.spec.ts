import { CustomerIdRecords } from "../repositories/customer-ids"

const noSql = async (): Promise<never> => {
  throw new Error("no SQL expected")
}

describe("CustomerIdRecords: ids a customer_ref found unused (OUT-11 look-ahead)", () => {
  const at = 1_000_000
  it.each([
    ["inside the look, fresh", [1001, 1500, 6000], 10_000, at + 9_999, true],
    ["the look's age equal to the clearance", [1001], 10_000, at + 10_000, true],
    ["older than the clearance", [1001], 10_000, at + 10_001, false],
    ["one id above the look", [5999, 6001], 10_000, at + 1, false],
    ["one id below the look", [1000, 1001], 10_000, at + 1, false],
    ["clearance 0: always look", [1001], 0, at, false],
    ["no ids", [], 10_000, at, false],
  ])("%s", (_what, ids, maxAgeMs, now, cleared) => {
    const records = new CustomerIdRecords(noSql)
    records.noteIdsUnused("conn_1", 1001, 6000, at)
    expect(records.idsShownUnused("conn_1", ids, maxAgeMs, now)).toBe(cleared)
  })

  it("keeps looks per connection, the latest replacing the one before", () => {
    const records = new CustomerIdRecords(noSql)
    records.noteIdsUnused("conn_1", 1001, 6000, at)
    expect(records.idsShownUnused("conn_2", [1001], 10_000, at)).toBe(false)
    records.noteIdsUnused("conn_1", 7001, 12000, at + 5)
    expect(records.idsShownUnused("conn_1", [1001], 10_000, at + 5)).toBe(false)
    expect(records.idsShownUnused("conn_1", [7001, 12000], 10_000, at + 5)).toBe(true)
  })
})
