import { headAmounts, lineAmounts } from "../../transaction-amounts"
import { jstToIso } from "../../order-metadata"
import { makePlatformTransaction } from "../__fixtures__/transactions"
import { isoToJstWallClock, jstWallClockToIso, normalisePlatformHead, normalisePlatformTransaction } from "../normalise"

function ok(raw: unknown) {
  const result = normalisePlatformTransaction(raw)
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`)
  return result.value
}

describe("isoToJstWallClock", () => {
  it.each([
    ["2026-05-10T14:03:22+09:00", "2026-05-10 14:03:22"],
    ["2026-05-10T05:03:22Z", "2026-05-10 14:03:22"],
    ["2026-05-10T05:03:22.789Z", "2026-05-10 14:03:22"],
    ["2026-05-10T00:30:00+00:00", "2026-05-10 09:30:00"],
    ["2026-05-09T20:00:00-05:00", "2026-05-10 10:00:00"],
    ["2026-12-31T23:59:59+09:00", "2026-12-31 23:59:59"],
    ["2026-05-10 14:03:22", "2026-05-10 14:03:22"],
  ])("%s → %s", (input, expected) => {
    expect(isoToJstWallClock(input)).toBe(expected)
    expect(jstToIso(expected)).toBe(new Date(input.includes("T") ? input : `${input.replace(" ", "T")}+09:00`).toISOString().replace(/\.\d{3}Z$/, ".000Z"))
  })

  it.each(["2026-05-10", "2026-05-10T14:03:22", "2026-02-30T10:00:00+09:00", "2026-05-10T25:00:00+09:00", "yesterday", ""])(
    "%j is not a date-time",
    (input) => expect(isoToJstWallClock(input)).toBeNull()
  )

  it("jstWallClockToIso is the inverse and refuses other shapes", () => {
    expect(jstWallClockToIso("2026-05-10 14:03:22")).toBe("2026-05-10T14:03:22+09:00")
    expect(isoToJstWallClock(jstWallClockToIso("2026-01-01 00:00:00"))).toBe("2026-01-01 00:00:00")
    expect(() => jstWallClockToIso("2026-05-10T14:03:22+09:00")).toThrow(/YYYY-MM-DD HH:MM:SS/)
  })
})

describe("normalisePlatformTransaction", () => {
  it("maps a realistic transaction to the v2 head and detail rows", () => {
    const tx = ok(makePlatformTransaction())
    expect(tx.head).toMatchObject({
      transactionHeadId: "25",
      transactionDateTime: "2026-05-10 14:03:22",
      terminalTranDateTime: "2026-05-10 14:01:22",
      updDateTime: "2026-05-10 14:03:25",
      cancelDateTime: null,
      charge: "5000",
      paymentMethodId1: "3",
      paymentMethodName1: "PayPay",
      depositOthers1: "6000",
      total: "11000",
      customerCode: "M0000007",
      sumDate: "2026-05-10",
    })
    expect(tx.head).not.toHaveProperty("change")
    expect(tx.head).not.toHaveProperty("details")
    expect(tx.head).not.toHaveProperty("paymentMethodId2")
    expect(tx.details.map((d) => [d.transactionHeadId, d.transactionDetailId, d.productCode, d.transactionDateTime, d.updDateTime])).toEqual([
      ["25", "1", "4901234567894", "2026-05-10 14:03:22", "2026-05-10 14:03:25"],
      ["25", "2", "4901234567900", "2026-05-10 14:03:22", "2026-05-10 14:03:25"],
    ])
  })

  it("feeds the v2 amount rules unchanged", () => {
    const tx = ok(makePlatformTransaction())
    expect(headAmounts(tx.head).total).toBe(11000)
    expect(tx.details.map((d) => lineAmounts(d).lineTotalAfterUnitDiscount)).toEqual([5500, 5500])
  })

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ["numbers become strings", { total: 11000, transactionHeadId: 25, storeId: 1 }, { total: "11000", transactionHeadId: "25", storeId: "1" }],
    ["booleans become 1/0", { tipCash: true, tipCredit: false }, { tipCash: "1", tipCredit: "0" }],
    ["an explicit charge wins over change", { charge: "100", change: "5000" }, { charge: "100" }],
    ["no change leaves charge out", { change: undefined }, { charge: undefined }],
    ["a UTC date-time is shifted to JST", { updDateTime: "2026-05-10T15:00:00Z" }, { updDateTime: "2026-05-11 00:00:00" }],
    ["a cancelled sale keeps its cancel time", { cancelDivision: "1", cancelDateTime: "2026-05-11T09:00:00+09:00" }, { cancelDivision: "1", cancelDateTime: "2026-05-11 09:00:00" }],
    ["an empty date-time stays empty", { cancelDateTime: "" }, { cancelDateTime: "" }],
    ["nested objects are left out", { store: { storeId: "1" }, customer: { customerId: "7" }, coupons: [] }, { store: undefined, customer: undefined, coupons: undefined }],
    ["no depositOthers leaves the payment slots out", { depositOthers: undefined }, { paymentMethodId1: undefined, depositOthers1: undefined }],
    ["null depositOthers is no payment", { depositOthers: null }, { paymentMethodId1: undefined }],
  ])("%s", (_name, overrides, expected) => {
    const tx = ok(makePlatformTransaction(overrides))
    for (const [key, value] of Object.entries(expected)) {
      if (value === undefined) expect(tx.head).not.toHaveProperty(key)
      else expect((tx.head as Record<string, unknown>)[key]).toBe(value)
    }
  })

  it("orders depositOthers by no into the numbered v2 slots, beyond three as well", () => {
    const entry = (no: string, id: string, amount: number) => ({ no, paymentMethodId: id, paymentMethodName: `m${id}`, depositOthers: amount })
    const tx = ok(makePlatformTransaction({ depositOthers: [entry("3", "30", 300), entry("1", "10", 100), entry("4", "40", 400), entry("2", "20", 200)] }))
    const head = tx.head as Record<string, unknown>
    expect([1, 2, 3, 4].map((n) => [head[`paymentMethodId${n}`], head[`paymentMethodName${n}`], head[`depositOthers${n}`]])).toEqual([
      ["10", "m10", "100"],
      ["20", "m20", "200"],
      ["30", "m30", "300"],
      ["40", "m40", "400"],
    ])
  })

  it("fills a detail's missing transactionHeadId and sorts details by id", () => {
    const raw = makePlatformTransaction()
    const [first, second] = raw.details as Array<Record<string, unknown>>
    const tx = ok({ ...raw, details: [{ ...second, transactionHeadId: undefined }, first] })
    expect(tx.details.map((d) => [d.transactionHeadId, d.transactionDetailId])).toEqual([
      ["25", "1"],
      ["25", "2"],
    ])
  })

  it("keeps a detail's own date-times when the API sends them", () => {
    const raw = makePlatformTransaction()
    const details = (raw.details as Array<Record<string, unknown>>).map((d) => ({ ...d, updDateTime: "2026-05-12T08:00:00+09:00" }))
    expect(ok({ ...raw, details }).details[0].updDateTime).toBe("2026-05-12 08:00:00")
  })

  const detail = (patch: Record<string, unknown>) => {
    const raw = makePlatformTransaction()
    const [first, ...rest] = raw.details as Array<Record<string, unknown>>
    return { ...raw, details: [{ ...first, ...patch }, ...rest] }
  }

  it.each<[string, unknown, string, string, RegExp]>([
    ["not an object", "25", "invalid_transaction", "transaction", /must be an object, got string/],
    ["an array", [], "invalid_transaction", "transaction", /got an array/],
    ["no details (fetched without with_details=all)", makePlatformTransaction({ details: undefined }), "missing_details", "transaction.details", /with_details=all/],
    ["details not an array", makePlatformTransaction({ details: {} }), "invalid_details", "transaction.details", /must be an array, got an object/],
    ["no transactionHeadId", makePlatformTransaction({ transactionHeadId: undefined, details: [] }), "invalid_head", "transaction.transactionHeadId", /is required/],
    ["a non-numeric transactionHeadId", makePlatformTransaction({ transactionHeadId: "T-25", details: [] }), "invalid_head", "transaction.transactionHeadId", /must be digits, got "T-25"/],
    ["an ISO date-time without offset", makePlatformTransaction({ updDateTime: "2026-05-10T14:03:25" }), "invalid_datetime", "transaction.updDateTime", /not an ISO 8601 date-time/],
    ["a value that is an object in a scalar slot", makePlatformTransaction({ total: Symbol("x") }), "invalid_value", "transaction.total", /got symbol/],
    ["depositOthers not an array", makePlatformTransaction({ depositOthers: { no: "1" } }), "invalid_deposit_others", "depositOthers", /must be an array/],
    ["a depositOthers entry not an object", makePlatformTransaction({ depositOthers: ["6000"] }), "invalid_deposit_others", "depositOthers[0]", /must be an object/],
    ["a depositOthers no that is not a number", makePlatformTransaction({ depositOthers: [{ no: "a", depositOthers: "1" }] }), "invalid_deposit_others", "depositOthers[0].no", /integer/],
    ["a detail not an object", makePlatformTransaction({ details: [null] }), "invalid_detail", "transaction.details[0]", /must be an object, got null/],
    ["a detail of another transaction", detail({ transactionHeadId: "26" }), "invalid_detail", "transaction.details[0].transactionHeadId", /not the transaction's 25/],
    ["a detail without transactionDetailId", detail({ transactionDetailId: undefined }), "invalid_detail", "transaction.details[0].transactionDetailId", /is required/],
    ["a detail with a bad date-time", detail({ updDateTime: "soon" }), "invalid_datetime", "transaction.details[0].updDateTime", /"soon"/],
    ["two details with one id", detail({ transactionDetailId: "2" }), "duplicate_detail", "transaction.details[1].transactionDetailId", /also details\[0\]/],
  ])("refuses %s", (_name, raw, code, path, message) => {
    const result = normalisePlatformTransaction(raw)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error).toMatchObject({ code, path })
    expect(result.error.message.startsWith(`${path}: `)).toBe(true)
    expect(result.error.message).toMatch(message)
  })
})

describe("normalisePlatformHead", () => {
  it("maps a list head like a full transaction's head, without details", () => {
    const { details: _details, ...listed } = makePlatformTransaction()
    const result = normalisePlatformHead(listed)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value).toEqual({ ...ok(makePlatformTransaction()).head })
    expect(result.value).toMatchObject({ transactionDateTime: "2026-05-10 14:03:22", charge: "5000", paymentMethodId1: "3" })
  })

  it.each<[string, unknown, string]>([
    ["not an object", [], "invalid_transaction"],
    ["no transactionHeadId", makePlatformTransaction({ transactionHeadId: undefined }), "invalid_head"],
    ["an ISO date-time without offset", makePlatformTransaction({ updDateTime: "2026-05-10T14:03:25" }), "invalid_datetime"],
  ])("refuses %s", (_name, raw, code) => {
    const result = normalisePlatformHead(raw)
    expect(result).toMatchObject({ ok: false, error: { code } })
  })
})
