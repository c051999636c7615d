import { checkNewCustomerIds, customerIdRange, highestCustomerId, lookAheadIds, lowestAllocatableId } from "../customer-ids"

describe("highestCustomerId", () => {
  it.each<[string, Array<Record<string, string | null>>, number]>([
    ["no member", [], 0],
    ["a member", [{ customerId: "1000" }], 1000],
    ["leading zeros", [{ customerId: "0042" }], 42],
    ["null id", [{ customerId: null }], 0],
  ])("%s", (_name, rows, expected) => {
    expect(highestCustomerId(rows)).toBe(expected)
  })

  it.each<[string, string, RegExp]>([
    ["not a number", "abc", /"abc" is not a number/],
    ["too long", "12345678901", /is not a number/],
    ["beyond what we can allocate", "2000000000", /no id above it can be allocated/],
  ])("refuses %s", (_name, id, message) => {
    expect(() => highestCustomerId([{ customerId: id }])).toThrow(message)
  })
})

describe("lowestAllocatableId", () => {
  it.each<[number, number | null, number]>([
    [1, null, 1],
    [1, 0, 1],
    [1, 1000, 1001],
    [5000, 1000, 5000],
    [1000, 1000, 1001],
  ])("start %d, floor %p → %d", (start, floor, expected) => {
    expect(lowestAllocatableId(start, floor)).toBe(expected)
  })
})

describe("lookAheadIds", () => {
  it.each([
    // writes/s, rows/write, clearance ms, ids looked at above a batch
    [5, 100, 10_000, 10_000],
    [5, 100, 0, 0],
    [5, 100, -1, 0],
    [1, 1, 1, 2],
    [50, 500, 10_000, 500_000],
    [5, 100, 1_500, 1_500],
    [3, 7, 333, 14],
  ])("%i writes/s × %i rows, clearance %i ms → %i", (rate, rows, clearanceMs, expected) => {
    expect(lookAheadIds(rate, rows, clearanceMs)).toBe(expected)
  })
})

describe("checkNewCustomerIds", () => {
  const candidate = (customerId: string, customerCode: string, attempted = false) => ({ customerId, customerCode, attempted })

  it.each<[string, ReturnType<typeof candidate>[], Array<Record<string, string | null>>, { free: string[]; ours: string[]; taken: string[] }]>([
    ["nothing found", [candidate("1001", "M1001")], [], { free: ["1001"], ours: [], taken: [] }],
    ["a register member at the id", [candidate("1001", "M1001")], [{ customerId: "1001", customerCode: "R77" }], { free: [], ours: [], taken: ["1001"] }],
    [
      "same code but never attempted: not ours",
      [candidate("1001", "M1001")],
      [{ customerId: "1001", customerCode: "M1001" }],
      { free: [], ours: [], taken: ["1001"] },
    ],
    [
      "our own earlier write whose answer was lost",
      [candidate("1001", "M1001", true)],
      [{ customerId: "1001", customerCode: "M1001" }],
      { free: [], ours: ["1001"], taken: [] },
    ],
    [
      "attempted, but another code",
      [candidate("1001", "M1001", true)],
      [{ customerId: "1001", customerCode: "R1" }],
      { free: [], ours: [], taken: ["1001"] },
    ],
    [
      "mixed, rows in any order, leading zeros",
      [candidate("1001", "M1001"), candidate("1002", "M1002"), candidate("1003", "M1003")],
      [{ customerId: "1003", customerCode: "X" }, { customerId: "01002", customerCode: null }],
      { free: ["1001"], ours: [], taken: ["1002", "1003"] },
    ],
  ])("%s", (_name, candidates, found, expected) => {
    expect(checkNewCustomerIds(candidates, found)).toEqual(expected)
  })
})

describe("customerIdRange", () => {
  it("covers the ids numerically", () => {
    expect(customerIdRange(["999", "1001", "10000"])).toEqual({ "customerId >=": "999", "customerId <=": "10000" })
  })
  it("refuses no id", () => {
    expect(() => customerIdRange([])).toThrow(/at least one id/)
  })
})
