import { buildTransaction, departmentLine, type TransactionSpec } from "../__fixtures__/sales"
import {
  memberSaleScenario,
  multiLineScenario,
  returnLinesScenario,
  saleScenario,
  updateScenario,
} from "../__fixtures__/scenarios"
import { appliedSale, diffForUpdate } from "../order-diff"
import {
  allocate,
  buildOrderInput,
  builtOrderTotal,
  DEPARTMENT_LINE_FALLBACK_TITLE,
  OrderBuildError,
  type OrderBuild,
  type OrderBuildSettings,
  type VariantMap,
} from "../order-input"
import { SmaregiAmountError } from "../transaction-amounts"
import type { SmaregiTransaction } from "../transaction-schema"
import { SETTINGS, saleLines, variantsFor, build, withHead, adjustmentsOf, line } from "./order.helpers"

describe("buildOrderInput: the order total is Smaregi's total", () => {
  const scenarios: Array<[string, SmaregiTransaction]> = [
    ["plain tax-inclusive sale", saleScenario()],
    ["member sale with a point discount", memberSaleScenario()],
    ["colour × size lines, unit + subtotal + point + coupon discounts, a reduced-tax line", multiLineScenario()],
    ["exchange: a return line netted into the sale", returnLinesScenario()],
    [
      "tax-excluded (外税) lines",
      buildTransaction({ lines: [line("TSHIRT-NAVY-M", 5000, 2, { taxDivision: "1" }), line("COFFEE-BEANS", 1500, 3, { taxDivision: "1", reduced: true })] }),
    ],
    ["tax-free line", buildTransaction({ lines: [line("GIFT-CARD", 3000, 1, { taxDivision: "2" })] })],
    [
      "mixed tax divisions with every discount",
      buildTransaction({
        customerId: "345",
        customerCode: "M000000345",
        lines: [
          line("TSHIRT-NAVY-M", 5500, 1, { unitDiscount: 550 }),
          line("COFFEE-BEANS", 1620, 3, { taxDivision: "1", reduced: true }),
          line("GIFT-CARD", 1000, 1, { taxDivision: "2" }),
        ],
        subtotalDiscount: 333,
        pointDiscount: 101,
        couponDiscount: 200,
      }),
    ],
    ["a sale paid entirely with points", buildTransaction({ customerId: "345", lines: [line("TSHIRT-NAVY-M", 500, 1)], pointDiscount: 500 })],
  ]

  it.each(scenarios)("%s", (_name, tx) => {
    const b = build(tx)
    expect(b.amounts.total).toBe(Number(tx.head.total))
    expect(builtOrderTotal(b)).toBe(Number(tx.head.total))
    expect(b.amounts.residual).toBe(0)
    for (const item of b.items) {
      expect(Number.isInteger(item.unit_price)).toBe(true)
      for (const a of item.adjustments) expect(a.amount).toBeGreaterThan(0)
      expect(item.unit_price * item.quantity).toBeGreaterThanOrEqual(item.adjustments.reduce((s, a) => s + a.amount, 0))
    }
  })

  it("uses POS prices verbatim and represents each discount as a line adjustment", () => {
    const tx = multiLineScenario()
    const b = build(tx)
    expect(b.items.slice(0, 4).map((i) => [i.variant_id, i.quantity, i.unit_price, i.is_tax_inclusive])).toEqual([
      ["variant_TSHIRT-NAVY-M", 2, 5500, true],
      ["variant_TSHIRT-WHITE-L", 1, 5500, true],
      ["variant_HOODIE-GREY-M", 1, 8800, true],
      ["variant_COFFEE-BEANS-200G", 3, 1620, true],
    ])
    expect(adjustmentsOf(b, "単品値引 (unit discount)")).toBe(500)
    expect(adjustmentsOf(b, "小計値引 (subtotal discount)")).toBe(660)
    expect(adjustmentsOf(b, "ポイント値引 (point discount)")).toBe(300)
    expect(adjustmentsOf(b, "クーポン値引 (coupon discount)")).toBe(1000)
    // The register's own allocation is kept line by line.
    tx.details.forEach((d, i) => {
      const point = b.items[i].adjustments.find((a) => a.description === "ポイント値引 (point discount)")?.amount ?? 0
      expect(point).toBe(Number(d.discountPointProportional))
    })
    expect(b.items.every((i) => i.adjustments.every((a) => a.provider_id === "smaregi" && !("code" in a)))).toBe(true)
  })

  it.each([
    ["standard rate", {}, [{ code: "JP-CT-10", rate: 10, description: "消費税 10%", provider_id: "smaregi" }]],
    ["reduced rate", { reduced: true }, [{ code: "JP-CT-8-REDUCED", rate: 8, description: "消費税 8% (軽減税率)", provider_id: "smaregi" }]],
    ["tax excluded", { taxDivision: "1" as const }, []],
    ["tax free", { taxDivision: "2" as const }, []],
  ])("tax lines for a %s line", (_name, extra, expected) => {
    const b = build(buildTransaction({ lines: [line("X-NAVY-M", 1080, 1, extra)] }))
    expect(b.items[0].tax_lines).toEqual(expected)
  })

  it.each([
    ["0", true],
    ["1", false],
    ["2", true],
  ])("taxDivision %s → is_tax_inclusive %s", (division, inclusive) => {
    const b = build(buildTransaction({ lines: [line("X-NAVY-M", 1000, 1, { taxDivision: division as "0" | "1" | "2" })] }))
    expect(b.items[0].is_tax_inclusive).toBe(inclusive)
  })

  it("adds Smaregi's taxExclude as its own line, exactly", () => {
    const tx = buildTransaction({ lines: [line("COFFEE-BEANS", 1620, 3, { taxDivision: "1", reduced: true })] })
    const b = build(tx)
    expect(tx.head.taxExclude).toBe("388")
    expect(b.items.map((i) => [i.title, i.unit_price, i.metadata.smaregi_line ?? null])).toEqual([
      ["コーヒー豆", 1620, null],
      ["消費税 (外税)", 388, "tax_exclude"],
    ])
    expect(builtOrderTotal(b)).toBe(5248)
  })

  it.each<[string, Record<string, string>, (b: OrderBuild) => void]>([
    [
      "carriage as a shipping method",
      { carriage: "500", total: "11500" },
      (b) => expect(b.shipping_methods).toEqual([{ name: "送料 (carriage)", amount: 500, is_tax_inclusive: true, data: { smaregi_line: "carriage" } }]),
    ],
    ["commission as its own line", { commission: "330", total: "11330" }, (b) => expect(b.items.at(-1)).toMatchObject({ title: "手数料 (commission)", unit_price: 330 })],
    ["rounding down as a discount", { roundingPrice: "-3", total: "10997" }, (b) => expect(adjustmentsOf(b, "端数処理 (rounding)")).toBe(3)],
    ["rounding up as a line", { roundingPrice: "2", total: "11002" }, (b) => expect(b.items.at(-1)).toMatchObject({ title: "端数処理 (rounding)", unit_price: 2 })],
    [
      "an unexplained surplus as an adjustment line, kept visible",
      { total: "11040" },
      (b) => {
        expect(b.amounts.residual).toBe(40)
        expect(b.items.at(-1)).toMatchObject({ title: "調整 (adjustment)", unit_price: 40, metadata: { smaregi_line: "adjustment" } })
        expect(b.metadata.smaregi_pos).toMatchObject({ amount_residual: 40 })
      },
    ],
    [
      "an unexplained shortfall as a discount",
      { total: "10990" },
      (b) => {
        expect(b.amounts.residual).toBe(-10)
        expect(adjustmentsOf(b, "調整 (adjustment)")).toBe(10)
      },
    ],
  ])("%s", (_name, head, check) => {
    const tx = withHead(saleScenario(), head)
    const b = build(tx)
    check(b)
    expect(builtOrderTotal(b)).toBe(Number(head.total))
  })

  it("nets an exchange's return lines into the sale as a return credit", () => {
    const tx = returnLinesScenario()
    const b = build(tx)
    expect(tx.head.total).toBe("3300")
    expect(b.items.filter((i) => i.variant_id).map((i) => i.variant_id)).toEqual(["variant_HOODIE-GREY-M"])
    expect(adjustmentsOf(b, "返品 (returned items)")).toBe(5500)
    expect(b.amounts.returnCredit).toBe(5500)
  })

  it("splits header discounts itself (largest remainder) when the register sent no allocation", () => {
    const tx = buildTransaction({ lines: [line("A-NAVY-M", 1000, 1), line("B-NAVY-M", 2000, 1), line("C-NAVY-M", 3000, 1)], pointDiscount: 100 })
    for (const d of tx.details) d.discountPointProportional = null
    const b = build(tx)
    expect(b.items.map((i) => i.adjustments.find((a) => a.description.startsWith("ポイント"))?.amount ?? 0)).toEqual([17, 33, 50])
    expect(builtOrderTotal(b)).toBe(Number(tx.head.total))
  })

  it("keeps every line as an allow-backorder, no-shipping line", () => {
    const b = build(saleScenario())
    expect(b.items[0]).toMatchObject({ requires_shipping: false, allow_backorder: true })
    expect(b.stock).toEqual([{ detailId: "1", variantId: "variant_TSHIRT-NAVY-M", quantity: 2 }])
  })
})

describe("buildOrderInput: refuses what it cannot represent", () => {
  it("names the product code of a line without a variant", () => {
    const tx = saleScenario({ productCode: "NOPE-1" })
    expect(() => buildOrderInput({ transaction: tx, saleLines: tx.details, variants: {}, settings: SETTINGS })).toThrow(
      new OrderBuildError('no Medusa variant resolved for product code "NOPE-1" (TransactionDetail 1)')
    )
  })

  it.each([
    ["0", /quantity must be positive/],
    ["-1", /quantity must be positive/],
    ["two", /quantity: must be an integer amount/],
  ])("quantity %s", (quantity, message) => {
    const tx = saleScenario()
    tx.details[0].quantity = quantity
    expect(() => build(tx)).toThrow(message)
  })

  it("a missing total is an amount error", () => {
    const tx = withHead(saleScenario(), { total: null })
    expect(() => build(tx)).toThrow(SmaregiAmountError)
  })

  it("a discount larger than the sale", () => {
    const tx = withHead(saleScenario(), { total: "-100" })
    expect(() => build(tx)).toThrow(/exceeds the value of the sale lines/)
  })

  it("a head without sale lines", () => {
    const tx = saleScenario()
    expect(() => buildOrderInput({ transaction: tx, saleLines: [], variants: {}, settings: SETTINGS })).toThrow(/no sale lines/)
  })
})

describe("buildOrderInput: names, POS identity, time", () => {
  it.each<[OrderBuildSettings["lineNameSource"], string, string]>([
    ["smaregi", "Tシャツ", "ネイビー / M"],
    ["medusa", "Medusa TSHIRT", "ネイビー / M"],
  ])("lineNameSource %s", (source, title, subtitle) => {
    const b = build(saleScenario(), { lineNameSource: source })
    expect(b.items[0]).toMatchObject({ title, subtitle })
  })

  it("falls back to the other source when one has no name", () => {
    const tx = saleScenario()
    tx.details[0].productName = null
    expect(build(tx).items[0].title).toBe("TSHIRT-NAVY-M")
  })

  it("keeps the POS ids and the payment split whatever the field mapping", () => {
    const tx = withHead(multiLineScenario({ id: "1052" }), { paymentMethodId1: "7", paymentMethodName1: "PayPay", depositOthers1: "1000" })
    const b = build(tx, { fieldMapping: [] })
    expect(b.metadata).toEqual({
      smaregi_transaction_head_id: "1052",
      smaregi_pos: expect.objectContaining({
        transaction_head_id: "1052",
        store_id: "1",
        store_code: "shibuya",
        terminal_id: "2",
        terminal_tran_id: "88",
        terminal_tran_date_time: "2026-05-10 14:03:20",
        sale_at: "2026-05-10T05:03:20.000Z",
        staff_id: "5",
        staff_code: "S005",
        staff_name: "山田 太郎",
        customer_code: "M000000345",
        total: 27700,
        payment: expect.objectContaining({ cash_total: "27700", deposit: "28000", charge: "300", others: [{ id: "7", name: "PayPay", amount: "1000" }] }),
        points: { spend: "300", earn: "277" },
      }),
    })
    expect(b.saleAt).toBe("2026-05-10T05:03:20.000Z")
    expect(b.points).toEqual({ spend: 300, earn: 277 })
  })

  it.each<[string | null, string | null, string | null]>([
    ["2026-05-10 14:03:20", null, "2026-05-10T05:03:20.000Z"],
    ["2026-01-01 08:59:59", null, "2025-12-31T23:59:59.000Z"],
    [null, "2026-05-10 14:03:22", "2026-05-10T05:03:22.000Z"],
    ["garbage", "2026-05-10 14:03:22", "2026-05-10T05:03:22.000Z"],
    [null, null, null],
  ])("sale time from terminalTranDateTime %s / transactionDateTime %s", (terminal, server, iso) => {
    const tx = withHead(saleScenario(), { terminalTranDateTime: terminal, transactionDateTime: server })
    expect(build(tx).saleAt).toBe(iso)
  })
})

describe("allocate", () => {
  it.each<[number, number[], number[]]>([
    [100, [1000, 2000, 3000], [17, 33, 50]],
    [0, [1, 2], [0, 0]],
    [10, [0, 0], [10, 0]],
    [1, [1, 1, 1], [1, 0, 0]],
    [660, [11000, 5000, 8800, 4860], [245, 111, 196, 108]],
  ])("%d over %j", (amount, weights, shares) => {
    expect(allocate(amount, weights)).toEqual(shares)
    expect(shares.reduce((a, b) => a + b, 0)).toBe(amount)
  })
})

describe("buildOrderInput: department sales (部門売り, transactionDetailDivision 3)", () => {
  const dept = (extra: Partial<Parameters<typeof departmentLine>[0]> = {}) =>
    departmentLine({ categoryId: "12", categoryName: "雑貨", productName: "雑貨 (部門)", price: 1100, quantity: 2, ...extra })
  /** Variants only for product lines, as the resolver returns them. */
  const productVariants = (tx: SmaregiTransaction): VariantMap =>
    Object.fromEntries(Object.entries(variantsFor(tx)).filter(([id]) => tx.details.find((d) => d.transactionDetailId === id)?.transactionDetailDivision === "1"))
  const buildDept = (tx: SmaregiTransaction, settings: Partial<OrderBuildSettings> = {}) =>
    buildOrderInput({ transaction: tx, saleLines: saleLines(tx), variants: productVariants(tx), settings: { ...SETTINGS, ...settings } })

  it("the fixture writes a department line as the register does: no product, the department in categoryId / categoryName", () => {
    const tx = buildTransaction({ lines: [dept()] })
    expect(tx.details[0]).toMatchObject({
      transactionDetailDivision: "3",
      productId: null,
      productCode: null,
      productName: "雑貨 (部門)",
      categoryId: "12",
      categoryName: "雑貨",
      color: null,
      size: null,
    })
  })

  it.each<[string, TransactionSpec]>([
    ["a department line alone", { lines: [dept()] }],
    ["a product line and a department line", { lines: [line("TSHIRT-NAVY-M", 5500, 1), dept()] }],
    [
      "with subtotal, point and coupon discounts spread over both",
      { customerId: "345", lines: [line("TSHIRT-NAVY-M", 5500, 2), dept({ price: 3300, quantity: 1 })], subtotalDiscount: 550, pointDiscount: 300, couponDiscount: 200 },
    ],
    ["a unit discount on the department line", { lines: [line("TSHIRT-NAVY-M", 5500, 1), dept({ unitDiscount: 100 })] }],
    ["a tax-excluded (外税) department line", { lines: [dept({ taxDivision: "1" })] }],
    ["a reduced-rate (8 %) department line", { lines: [line("TSHIRT-NAVY-M", 5500, 1), dept({ reduced: true })] }],
  ])("%s: the order total is Smaregi's total", (_name, spec) => {
    const tx = buildTransaction(spec)
    const b = buildDept(tx)
    expect(builtOrderTotal(b)).toBe(Number(tx.head.total))
    expect(b.amounts.residual).toBe(0)
  })

  it("imports the department line as a custom line: the sent price, quantity, tax rate and discounts, no variant, no stock", () => {
    const tx = buildTransaction({
      customerId: "345",
      lines: [line("TSHIRT-NAVY-M", 5500, 1), dept({ price: 1100, quantity: 3, reduced: true })],
      pointDiscount: 300,
    })
    const b = buildDept(tx)
    const custom = b.items[1]
    expect(custom).toMatchObject({
      title: "雑貨 (部門)",
      subtitle: "雑貨",
      quantity: 3,
      unit_price: 1100,
      is_tax_inclusive: true,
      requires_shipping: false,
      tax_lines: [{ code: "JP-CT-8-REDUCED", rate: 8, description: "消費税 8% (軽減税率)", provider_id: "smaregi" }],
      metadata: { smaregi_line: "department", smaregi_transaction_detail_id: "2", smaregi_category_id: "12", smaregi_category_name: "雑貨" },
    })
    expect(custom).not.toHaveProperty("variant_id")
    expect(custom).not.toHaveProperty("allow_backorder")
    expect(custom.adjustments.find((a) => a.description === "ポイント値引 (point discount)")?.amount).toBe(Number(tx.details[1].discountPointProportional))
    expect(b.stock).toEqual([{ detailId: "1", variantId: "variant_TSHIRT-NAVY-M", quantity: 1 }])
    expect(b.items[0].variant_id).toBe("variant_TSHIRT-NAVY-M")
  })

  it.each<[string, string | null, string | null, string | undefined, string]>([
    ["productName", "ギフト包装", "雑貨", "雑貨", "smaregi"],
    ["productName equal to the department", "雑貨", "雑貨", undefined, "smaregi"],
    ["categoryName when productName is empty", "", "雑貨", undefined, "smaregi"],
    ["categoryName when productName is null", null, "雑貨", undefined, "medusa"],
    ["the fallback when both are empty", null, null, undefined, "smaregi"],
  ])("title from %s", (_name, productName, categoryName, subtitle, source) => {
    const tx = buildTransaction({ lines: [dept({ productName })] })
    tx.details[0].categoryName = categoryName
    const item = buildDept(tx, { lineNameSource: source as OrderBuildSettings["lineNameSource"] }).items[0]
    expect(item.title).toBe(productName || categoryName || DEPARTMENT_LINE_FALLBACK_TITLE)
    expect(item.subtitle).toBe(subtitle)
  })

  it("never uses a variant for a department line, even one keyed by its detail id", () => {
    const tx = buildTransaction({ lines: [dept()] })
    const b = buildOrderInput({ transaction: tx, saleLines: saleLines(tx), variants: variantsFor(tx), settings: SETTINGS })
    expect(b.items[0]).not.toHaveProperty("variant_id")
    expect(b.stock).toEqual([])
  })

  it.each([["9"], ["4"], ["x"]])("an unknown division %s fails naming the division and the detail id", (division) => {
    const tx = buildTransaction({ lines: [line("TSHIRT-NAVY-M", 5500, 1), line("CAP-BLACK-F", 3300, 1)] })
    tx.details[1].transactionDetailDivision = division
    expect(() => buildOrderInput({ transaction: tx, saleLines: tx.details, variants: variantsFor(tx), settings: SETTINGS })).toThrow(
      new OrderBuildError(`TransactionDetail 2 has an unknown transactionDetailDivision "${division}" (known: 1 通常, 2 返品, 3 部門売り)`)
    )
  })

  it("the applied signature records the department, so a department change on the register is seen", () => {
    const tx = buildTransaction({ lines: [line("TSHIRT-NAVY-M", 5500, 1), dept()] })
    const applied = appliedSale(tx, saleLines(tx))
    expect(applied.lines.map((l) => [l.id, l.productCode, l.department])).toEqual([
      ["1", "TSHIRT-NAVY-M", undefined],
      ["2", null, "12"],
    ])
    const next = updateScenario(tx)
    next.details[1].categoryId = "13"
    const diff = diffForUpdate({ metadata: {}, email: null, sale: applied }, next, saleLines(next), SETTINGS)
    expect(diff.lineChanges).toEqual([{ id: "2", change: "changed", fields: ["department"] }])
  })
})
