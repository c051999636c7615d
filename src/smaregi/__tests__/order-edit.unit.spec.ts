import { buildTransaction, departmentLine, type LineSpec } from "../__fixtures__/sales"
import { DEFAULT_ORDER_FIELD_MAPPING } from "../settings"
import { buildOrderInput, type OrderBuild, type VariantMap } from "../order-input"
import { itemKey, planOrderEdit, type CurrentOrder, type CurrentOrderItem } from "../order-edit"
import type { SmaregiTransaction } from "../transaction-schema"

const SETTINGS = { fieldMapping: DEFAULT_ORDER_FIELD_MAPPING, lineNameSource: "smaregi" as const, currencyCode: "jpy" }

const line = (productCode: string, quantity: number, price = 5500): LineSpec => ({ productCode, price, quantity })

function build(tx: SmaregiTransaction): OrderBuild {
  const saleLines = tx.details.filter((d) => d.transactionDetailDivision !== "2")
  const variants: VariantMap = Object.fromEntries(
    saleLines
      .filter((d) => d.transactionDetailDivision === "1")
      .map((d) => [d.transactionDetailId, { variantId: `variant_${d.productCode}`, productId: null, productTitle: null, variantTitle: null, sku: d.productCode ?? null }])
  )
  return buildOrderInput({ transaction: tx, saleLines, variants, settings: SETTINGS })
}

/** The order Medusa holds after importing `tx`: one item per built item, ids item_<key>. */
function orderOf(tx: SmaregiTransaction, over: Partial<CurrentOrder> = {}): CurrentOrder {
  const b = build(tx)
  return {
    status: "pending",
    shipping_total: b.shipping_methods.reduce((s, m) => s + m.amount, 0),
    items: b.items.map(
      (i): CurrentOrderItem => ({
        id: `item_${itemKey(i.metadata)}`,
        variant_id: i.variant_id ?? null,
        quantity: i.quantity,
        unit_price: i.unit_price,
        fulfilled_quantity: 0,
        metadata: i.metadata,
      })
    ),
    ...over,
  }
}

/** `tx` re-rung with other lines, detail ids as given. */
function edited(lines: LineSpec[], ids: string[], extra: Partial<Parameters<typeof buildTransaction>[0]> = {}): SmaregiTransaction {
  const tx = buildTransaction({ lines, ...extra })
  tx.details.forEach((d, i) => (d.transactionDetailId = ids[i]))
  return tx
}

describe("itemKey", () => {
  it.each<[Record<string, unknown> | null, string | null]>([
    [{ smaregi_transaction_detail_id: "3" }, "detail:3"],
    [{ smaregi_line: "department", smaregi_transaction_detail_id: "4" }, "detail:4"],
    [{ smaregi_line: "tax_exclude" }, "line:tax_exclude"],
    [{ smaregi_line: "" }, null],
    [{}, null],
    [null, null],
  ])("%j → %j", (metadata, key) => {
    expect(itemKey(metadata)).toBe(key)
  })
})

describe("planOrderEdit (IN-16)", () => {
  const original = buildTransaction({ lines: [line("TSHIRT-NAVY-M", 2), line("TSHIRT-WHITE-L", 1)], subtotalDiscount: 600 })

  it("an unchanged sale only restates the adjustments", () => {
    const plan = planOrderEdit(orderOf(original), build(original))
    expect(plan).toMatchObject({ kind: "edit", update: [], add: [], summary: [] })
    if (plan.kind !== "edit") throw new Error("not an edit")
    expect(Object.values(plan.adjustments).flat().reduce((s, a) => s + a.amount, 0)).toBe(600)
    expect(plan.kept).toEqual({ "detail:1": "item_detail:1", "detail:2": "item_detail:2" })
  })

  it("re-quantifies, removes and adds lines, matched by transactionDetailId", () => {
    const next = edited([line("TSHIRT-NAVY-M", 3), line("SHIRT-WHITE-L", 1, 8800), departmentLine({ categoryId: "12", categoryName: "雑貨", price: 1100, quantity: 2 })], ["1", "3", "4"], {
      subtotalDiscount: 500,
    })
    const plan = planOrderEdit(orderOf(original), build(next))
    if (plan.kind !== "edit") throw new Error(plan.reason)
    expect(plan.update).toEqual([
      { id: "item_detail:1", quantity: 3, unit_price: 5500 },
      { id: "item_detail:2", quantity: 0, unit_price: 5500 },
    ])
    expect(plan.add.map((i) => [i.title, i.variant_id, i.quantity, i.unit_price])).toEqual([
      ["SHIRT-WHITE-L", "variant_SHIRT-WHITE-L", 1, 8800],
      ["雑貨", undefined, 2, 1100],
    ])
    expect(plan.summary).toEqual(["detail:1 2 × 5500 → 3 × 5500", "detail:3 added", "detail:4 added", "detail:2 removed"])
    expect(Object.keys(plan.adjustments).sort()).toEqual(["detail:1", "detail:3", "detail:4"])
    expect(Object.values(plan.adjustments).flat().reduce((s, a) => s + a.amount, 0)).toBe(500)
    expect(plan.taxLines["detail:4"]).toEqual([{ code: "JP-CT-10", rate: 10, description: "消費税 10%", provider_id: "smaregi" }])
  })

  it("re-prices a line and replaces a line whose product changed", () => {
    const next = edited([line("TSHIRT-NAVY-M", 2, 5000), line("TSHIRT-WHITE-M", 1)], ["1", "2"])
    const plan = planOrderEdit(orderOf(original), build(next))
    if (plan.kind !== "edit") throw new Error(plan.reason)
    expect(plan.update).toEqual([
      { id: "item_detail:1", quantity: 2, unit_price: 5000 },
      { id: "item_detail:2", quantity: 0, unit_price: 5500 },
    ])
    expect(plan.add.map((i) => i.variant_id)).toEqual(["variant_TSHIRT-WHITE-M"])
    expect(plan.summary).toEqual(["detail:1 2 × 5500 → 2 × 5000", "detail:2 replaced"])
  })

  it("adds and removes head-level lines (外税) by their kind", () => {
    const taxed = buildTransaction({ lines: [{ ...line("TSHIRT-NAVY-M", 1, 5000), taxDivision: "1" }] })
    const plan = planOrderEdit(orderOf(original), build(taxed))
    if (plan.kind !== "edit") throw new Error(plan.reason)
    expect(plan.add.map((i) => [i.title, i.unit_price, i.metadata.smaregi_line])).toEqual([["消費税 (外税)", 500, "tax_exclude"]])
    const back = planOrderEdit(orderOf(taxed), build(original))
    if (back.kind !== "edit") throw new Error(back.reason)
    expect(back.update).toContainEqual({ id: "item_line:tax_exclude", quantity: 0, unit_price: 500 })
  })

  it.each<[string, Partial<CurrentOrder> | ((o: CurrentOrder) => CurrentOrder), string]>([
    ["a canceled order", { status: "canceled" }, "the order is canceled"],
    ["a completed order", { status: "completed" }, "the order is completed"],
    [
      "fulfilled lines",
      (o) => ({ ...o, items: o.items.map((i, n) => (n === 0 ? { ...i, fulfilled_quantity: 1 } : i)) }),
      "the order has fulfilled lines (item_detail:1)",
    ],
    ["a carriage change", { shipping_total: 500 }, "carriage changed (500 → 0), which an order edit does not apply"],
    [
      "a line not imported from Smaregi",
      (o) => ({ ...o, items: [...o.items, { id: "item_x", variant_id: null, quantity: 1, unit_price: 100, fulfilled_quantity: 0, metadata: null }] }),
      "order line item_x was not imported from Smaregi",
    ],
  ])("is blocked by %s", (_name, change, reason) => {
    const order = orderOf(original)
    const current = typeof change === "function" ? change(order) : { ...order, ...change }
    expect(planOrderEdit(current, build(original))).toEqual({ kind: "blocked", reason })
  })
})
