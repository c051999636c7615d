import { decorateCartTotals, MathBN } from "@medusajs/framework/utils"
import { buildTransaction } from "../../../smaregi/__fixtures__/sales"
import {
  memberSaleScenario,
  multiLineScenario,
  returnLinesScenario,
  saleScenario,
} from "../../../smaregi/__fixtures__/scenarios"
import { DEFAULT_ORDER_FIELD_MAPPING } from "../../../smaregi/settings"
import { buildOrderInput, type OrderBuild } from "../../../smaregi/order-input"
import type { SmaregiTransaction } from "../../../smaregi/transaction-schema"

// The builder's promise checked with Medusa's own totals code: what the order module will compute.

function build(tx: SmaregiTransaction): OrderBuild {
  const saleLines = tx.details.filter((d) => d.transactionDetailDivision !== "2")
  const variants = Object.fromEntries(
    saleLines.map((d) => [
      d.transactionDetailId,
      { variantId: `v_${d.transactionDetailId}`, productId: null, productTitle: null, variantTitle: null, sku: null },
    ])
  )
  return buildOrderInput({
    transaction: tx,
    saleLines,
    variants,
    settings: { fieldMapping: DEFAULT_ORDER_FIELD_MAPPING, lineNameSource: "smaregi", currencyCode: "jpy" },
  })
}

function medusaTotal(b: OrderBuild): { total: string; taxTotal: number } {
  const cart = decorateCartTotals({
    items: b.items.map((item, i) => ({ ...item, id: `item_${i}` })),
    shipping_methods: b.shipping_methods.map((m, i) => ({ ...m, id: `sm_${i}`, tax_lines: [], adjustments: [] })),
  } as never)
  return { total: MathBN.convert(cart.total).toFixed(6), taxTotal: Number(cart.tax_total) }
}

const line = (code: string, price: number, quantity: number, extra: Record<string, unknown> = {}) => ({
  productCode: code,
  color: "Navy",
  size: "M",
  price,
  quantity,
  ...extra,
})

describe("Medusa's totals of a built order equal Smaregi's total", () => {
  it.each<[string, SmaregiTransaction]>([
    ["plain sale", saleScenario()],
    ["member sale with points", memberSaleScenario()],
    ["every discount and a reduced-tax line", multiLineScenario()],
    ["exchange", returnLinesScenario()],
    ["tax-excluded reduced-rate lines", buildTransaction({ lines: [line("COFFEE", 1620, 3, { taxDivision: "1", reduced: true })] })],
    [
      "odd amounts on standard-rate lines",
      buildTransaction({ lines: [line("A", 5000, 3, { unitDiscount: 111 }), line("B", 777, 7)], pointDiscount: 333, couponDiscount: 50 }),
    ],
    [
      "carriage, commission and rounding",
      (() => {
        const tx = saleScenario()
        tx.head.carriage = "550"
        tx.head.commission = "330"
        tx.head.roundingPrice = "-7"
        tx.head.total = String(11000 + 550 + 330 - 7)
        return tx
      })(),
    ],
  ])("%s", (_name, tx) => {
    const { total, taxTotal } = medusaTotal(build(tx))
    expect(total).toBe(`${tx.head.total}.000000`)
    expect(taxTotal).toBeGreaterThanOrEqual(0)
  })

  it("shows the consumption tax contained in tax-inclusive lines", () => {
    const { taxTotal } = medusaTotal(build(saleScenario()))
    expect(taxTotal).toBe(1000)
  })
})
