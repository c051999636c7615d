import { makeDetail, makeHead } from "../__fixtures__/rows"
import { allocate, buildTransaction } from "../__fixtures__/sales"
import {
  burst,
  memberSaleScenario,
  multiLineScenario,
  nonSalesScenario,
  returnCancelPair,
  returnLinesScenario,
  saleScenario,
} from "../__fixtures__/scenarios"
import type { SmaregiTransaction } from "../transaction-schema"
import {
  headAmounts,
  lineAmounts,
  SmaregiAmountError,
  toDecimal,
  toInt,
  type HeadAmounts,
  type LineAmounts,
} from "../transaction-amounts"

describe("toInt", () => {
  it.each<[string | number | null | undefined, number]>([
    ["100", 100],
    ["-100", -100],
    ["+100", 100],
    ["100.0", 100],
    ["100.000", 100],
    ["-10900.00000", -10900],
    ["0", 0],
    ["-0", 0],
    [" 42 ", 42],
    ["007", 7],
    [1500, 1500],
    [null, 0],
    [undefined, 0],
    ["", 0],
    ["  ", 0],
  ])("reads %j as %i", (value, expected) => {
    expect(toInt(value, "total")).toBe(expected)
  })

  it.each<[unknown, string]>([
    ["abc", 'total: must be an integer amount, got "abc"'],
    ["100.5", 'total: must be an integer amount, got "100.5"'],
    ["1,000", 'total: must be an integer amount, got "1,000"'],
    ["1e3", 'total: must be an integer amount, got "1e3"'],
    ["¥100", 'total: must be an integer amount, got "¥100"'],
    ["--1", 'total: must be an integer amount, got "--1"'],
    [12.5, "total: must be an integer amount, got 12.5"],
    ["99999999999999999999", 'total: is out of range, got "99999999999999999999"'],
  ])("rejects %j naming the field", (value, message) => {
    expect(() => toInt(value as string, "total")).toThrow(message)
    try {
      toInt(value as string, "total")
    } catch (e) {
      expect(e).toBeInstanceOf(SmaregiAmountError)
      expect((e as SmaregiAmountError).field).toBe("total")
    }
  })

  it.each([null, undefined, ""])("requires a value when asked (%j)", (value) => {
    expect(() => toInt(value, "quantity", { required: true })).toThrow(/^quantity: is required, got /)
  })
})

describe("toDecimal", () => {
  it.each<[string | null | undefined, number | null]>([
    ["10.000", 10],
    ["8.000", 8],
    ["0.00", 0],
    ["8", 8],
    [".5", 0.5],
    [null, null],
    ["", null],
  ])("reads %j", (value, expected) => {
    expect(toDecimal(value, "taxRate")).toBe(expected)
  })

  it.each(["ten", "10%", "1.2.3"])("rejects %j", (value) => {
    expect(() => toDecimal(value, "taxRate")).toThrow(`taxRate: must be a decimal number, got "${value}"`)
  })
})

describe("lineAmounts", () => {
  const base: LineAmounts = {
    quantity: 2,
    unitPrice: 5500,
    unitDiscount: 0,
    lineTotalAfterUnitDiscount: 11000,
    headerDiscountShare: 0,
    taxDivision: "included",
    taxRate: 10,
    reducedTax: false,
    isReturn: false,
  }

  it.each<[string, Record<string, string | null | undefined>, Partial<LineAmounts>]>([
    ["a plain tax-included line", {}, {}],
    ["salesPrice below list price", { price: "6000", salesPrice: "5500" }, { unitPrice: 5500 }],
    ["no salesPrice: falls back to price", { price: "6000", salesPrice: null, unitDiscountedSum: null }, { unitPrice: 6000, lineTotalAfterUnitDiscount: 12000 }],
    ["empty salesPrice: falls back to price", { price: "6000", salesPrice: "", unitDiscountedSum: null }, { unitPrice: 6000, lineTotalAfterUnitDiscount: 12000 }],
    [
      "a 500-yen unit discount on 2 units",
      { unitDiscountPrice: "500", unitDiscountSum: "1000", unitDiscountedSum: "10000" },
      { unitDiscount: 500, lineTotalAfterUnitDiscount: 10000 },
    ],
    ["unitDiscountedSum computed when absent", { unitDiscountPrice: "500", unitDiscountedSum: undefined }, { unitDiscount: 500, lineTotalAfterUnitDiscount: 10000 }],
    ["unitDiscountedSum wins over a computed value", { unitDiscountPrice: "500", unitDiscountedSum: "9999" }, { unitDiscount: 500, lineTotalAfterUnitDiscount: 9999 }],
    [
      "header discounts allocated to the line",
      { discountPriceProportional: "245", discountPointProportional: "111", discountCouponProportional: "371" },
      { headerDiscountShare: 727 },
    ],
    ["missing allocations read as 0", { discountPriceProportional: undefined, discountPointProportional: null }, { headerDiscountShare: 0 }],
    ["tax excluded (外税)", { taxDivision: "1" }, { taxDivision: "excluded" }],
    ["tax free (非課税)", { taxDivision: "2", taxRate: "10.000" }, { taxDivision: "free", taxRate: 0 }],
    ["missing taxDivision reads as included", { taxDivision: null }, { taxDivision: "included" }],
    [
      "reduced 8 % line",
      { taxRate: "8.000", reduceTaxId: "10000001", reduceTaxName: "軽減税率", reduceTaxRate: "8.000" },
      { taxRate: 8, reducedTax: true },
    ],
    ["reduced rate wins over taxRate", { taxRate: "10.000", reduceTaxId: "10000001", reduceTaxRate: "8.000" }, { taxRate: 8, reducedTax: true }],
    ["reduceTaxId 0 is not reduced", { reduceTaxId: "0", reduceTaxRate: "8.000" }, { taxRate: 10, reducedTax: false }],
    ["no rate at all", { taxRate: null }, { taxRate: null }],
    ["decimal-formatted amounts", { quantity: "2.000", salesPrice: "5500.00", unitDiscountedSum: "11000.000" }, {}],
    ["a return line", { transactionDetailDivision: "2" }, { isReturn: true }],
  ])("%s", (_name, overrides, expected) => {
    expect(lineAmounts(makeDetail(overrides))).toEqual({ ...base, ...expected })
  })

  it.each<[Record<string, string | null>, string]>([
    [{ quantity: null }, "TransactionDetail 3 quantity: is required, got null"],
    [{ quantity: "two" }, 'TransactionDetail 3 quantity: must be an integer amount, got "two"'],
    [{ salesPrice: null, price: null }, "TransactionDetail 3 price: is required, got null"],
    [{ salesPrice: "5,500" }, 'TransactionDetail 3 salesPrice: must be an integer amount, got "5,500"'],
    [{ unitDiscountPrice: "1割" }, 'TransactionDetail 3 unitDiscountPrice: must be an integer amount, got "1割"'],
    [{ discountCouponProportional: "x" }, 'TransactionDetail 3 discountCouponProportional: must be an integer amount, got "x"'],
    [{ taxDivision: "9" }, 'TransactionDetail 3 taxDivision: must be "0", "1" or "2", got "9"'],
    [{ reduceTaxId: "1", reduceTaxRate: "eight" }, 'TransactionDetail 3 reduceTaxRate: must be a decimal number, got "eight"'],
  ])("rejects %j naming the line and field", (overrides, message) => {
    expect(() => lineAmounts(makeDetail({ transactionDetailId: "3", ...overrides }))).toThrow(message)
  })
})

describe("headAmounts", () => {
  it.each<[string, SmaregiTransaction, HeadAmounts]>([
    [
      "walk-in sale",
      saleScenario(),
      { subtotal: 11000, subtotalDiscount: 0, pointDiscount: 0, couponDiscount: 0, total: 11000, taxInclude: 1000, taxExclude: 0, spendPoint: 0, newPoint: 0, roundingPrice: 0 },
    ],
    [
      "member sale with points",
      memberSaleScenario(),
      { subtotal: 11000, subtotalDiscount: 0, pointDiscount: 100, couponDiscount: 0, total: 10900, taxInclude: 990, taxExclude: 0, spendPoint: 100, newPoint: 109, roundingPrice: 0 },
    ],
    [
      "multi-line with every discount",
      multiLineScenario(),
      { subtotal: 29660, subtotalDiscount: 660, pointDiscount: 300, couponDiscount: 1000, total: 27700, taxInclude: 2440, taxExclude: 0, spendPoint: 300, newPoint: 277, roundingPrice: 0 },
    ],
    [
      "dispose record (negative amounts and points)",
      returnCancelPair(memberSaleScenario())[1],
      { subtotal: -11000, subtotalDiscount: 0, pointDiscount: -100, couponDiscount: 0, total: -10900, taxInclude: -990, taxExclude: 0, spendPoint: -100, newPoint: -109, roundingPrice: 0 },
    ],
    [
      "exchange with a return line",
      returnLinesScenario(),
      { subtotal: 3300, subtotalDiscount: 0, pointDiscount: 0, couponDiscount: 0, total: 3300, taxInclude: 300, taxExclude: 0, spendPoint: 0, newPoint: 0, roundingPrice: 0 },
    ],
    [
      "tax-excluded sale with rounding",
      { head: makeHead({ subtotal: "26000", taxExclude: "2080", taxInclude: "0", total: "28080", roundingPrice: "-1" }), details: [] },
      { subtotal: 26000, subtotalDiscount: 0, pointDiscount: 0, couponDiscount: 0, total: 28080, taxInclude: 0, taxExclude: 2080, spendPoint: 0, newPoint: 0, roundingPrice: -1 },
    ],
    [
      "nulls where Smaregi sends null",
      { head: makeHead({ subtotalDiscountPrice: null, pointDiscount: null, couponDiscount: undefined, newPoint: null, spendPoint: null, roundingPrice: null }), details: [] },
      { subtotal: 11000, subtotalDiscount: 0, pointDiscount: 0, couponDiscount: 0, total: 11000, taxInclude: 1000, taxExclude: 0, spendPoint: 0, newPoint: 0, roundingPrice: 0 },
    ],
  ])("%s", (_name, tx, expected) => {
    expect(headAmounts(tx.head)).toEqual(expected)
  })

  it.each<[Record<string, string | null>, string]>([
    [{ total: null }, "TransactionHead 1052 total: is required, got null"],
    [{ total: "10,900" }, 'TransactionHead 1052 total: must be an integer amount, got "10,900"'],
    [{ newPoint: "1.5" }, 'TransactionHead 1052 newPoint: must be an integer amount, got "1.5"'],
  ])("rejects %j naming the head and field", (overrides, message) => {
    expect(() => headAmounts(makeHead(overrides))).toThrow(message)
  })
})

describe("fixtures add up like the register", () => {
  const scenarios: Array<[string, SmaregiTransaction]> = [
    ["sale", saleScenario()],
    ["member sale", memberSaleScenario()],
    ["multi-line", multiLineScenario()],
    ["exchange", returnLinesScenario()],
    ["returns only", returnLinesScenario({ onlyReturns: true })],
    ["custom skus", saleScenario({ skus: ["CAP-BLACK-F:3:2200", "TSHIRT-WHITE-S"] })],
    ["tax excluded", buildTransaction({ lines: [{ productCode: "X-1", price: 1000, quantity: 3, taxDivision: "1" }] })],
    ...burst(3).map((tx, i): [string, SmaregiTransaction] => [`burst ${i}`, tx]),
  ]

  it.each(scenarios)("%s: Σ lines − header discounts + tax excluded = total", (_name, tx) => {
    const head = headAmounts(tx.head)
    const lines = tx.details.map(lineAmounts)
    const signed = (l: LineAmounts, v: number): number => (l.isReturn ? -v : v)
    const lineSum = lines.reduce((sum, l) => sum + signed(l, l.lineTotalAfterUnitDiscount), 0)
    expect(lineSum).toBe(head.subtotal)
    expect(head.subtotal - head.subtotalDiscount - head.pointDiscount - head.couponDiscount + head.taxExclude).toBe(head.total)
    expect(lines.reduce((sum, l) => sum + signed(l, l.headerDiscountShare), 0)).toBe(
      head.subtotalDiscount + head.pointDiscount + head.couponDiscount
    )
    for (const l of lines) {
      expect(l.lineTotalAfterUnitDiscount).toBe((l.unitPrice - l.unitDiscount) * l.quantity)
    }
    const taxInclude = tx.details.reduce((sum, d, i) => sum + signed(lines[i]!, toInt(d.taxIncludeProportional, "t")), 0)
    expect(taxInclude).toBe(head.taxInclude)
  })

  it("multi-line: every discount kind present, one reduced-tax line, paid in cash with change", () => {
    const tx = multiLineScenario()
    const lines = tx.details.map(lineAmounts)
    expect(lines.filter((l) => l.unitDiscount > 0)).toHaveLength(1)
    expect(lines.filter((l) => l.reducedTax).map((l) => l.taxRate)).toEqual([8])
    expect(tx.details.map((d) => [d.color, d.size])).toEqual([
      ["ネイビー", "M"],
      ["ホワイト", "L"],
      ["グレー", "M"],
      [null, null],
    ])
    const head = headAmounts(tx.head)
    expect([head.subtotalDiscount, head.couponDiscount, head.pointDiscount]).toEqual([660, 1000, 300])
    expect(toInt(tx.head.deposit, "deposit") - toInt(tx.head.charge, "charge")).toBe(head.total)
  })

  it("member points: balance after = before − spent + earned", () => {
    const tx = memberSaleScenario()
    const { spendPoint, newPoint } = headAmounts(tx.head)
    expect(toInt(tx.head.totalPoint, "totalPoint")).toBe(toInt(tx.head.point, "point") - spendPoint + newPoint)
  })

  it("dispose record reverses the points of the original", () => {
    const [original, dispose] = returnCancelPair(memberSaleScenario())
    expect(headAmounts(dispose.head).newPoint).toBe(-headAmounts(original.head).newPoint)
    expect(dispose.head.point).toBe(original.head.totalPoint)
    expect(toInt(dispose.head.totalPoint, "totalPoint")).toBe(500)
  })

  it.each(["2", "3", "6", "7", "8", "10", "16"])("non-sales head %s has no lines", (division) => {
    const tx = nonSalesScenario(division)
    expect(tx.details).toEqual([])
    expect(tx.head.transactionHeadDivision).toBe(division)
  })

  it.each<[number, number[], number[]]>([
    [660, [11000, 5000, 8800, 4860], [245, 111, 196, 108]],
    [100, [1, 1, 1], [34, 33, 33]],
    [0, [5, 5], [0, 0]],
    [10, [0, 0], [0, 0]],
    [7, [3, 0, 4], [3, 0, 4]],
  ])("allocate(%i, %j) = %j", (amount, weights, expected) => {
    const shares = allocate(amount, weights)
    expect(shares).toEqual(expected)
  })
})
