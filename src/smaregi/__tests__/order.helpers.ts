import type { TransactionSpec } from "../__fixtures__/sales"
import { buildOrderInput, type OrderBuild, type OrderBuildSettings, type VariantMap } from "../order-input"
import { DEFAULT_ORDER_FIELD_MAPPING } from "../settings"
import type { SmaregiTransaction } from "../transaction-schema"

export const SETTINGS: OrderBuildSettings = { fieldMapping: DEFAULT_ORDER_FIELD_MAPPING, lineNameSource: "smaregi", currencyCode: "jpy" }

export const saleLines = (tx: SmaregiTransaction) => tx.details.filter((d) => d.transactionDetailDivision !== "2")

/** One variant per sale line, named after the product code. */
export function variantsFor(tx: SmaregiTransaction): VariantMap {
  return Object.fromEntries(
    saleLines(tx).map((d) => [
      d.transactionDetailId,
      {
        variantId: `variant_${d.productCode}`,
        productId: `prod_${(d.productCode ?? "").split("-")[0]}`,
        productTitle: `Medusa ${(d.productCode ?? "").split("-")[0]}`,
        variantTitle: `${d.color ?? "-"} / ${d.size ?? "-"}`,
        sku: d.productCode ?? null,
      },
    ])
  )
}

export function build(tx: SmaregiTransaction, settings: Partial<OrderBuildSettings> = {}): OrderBuild {
  return buildOrderInput({ transaction: tx, saleLines: saleLines(tx), variants: variantsFor(tx), settings: { ...SETTINGS, ...settings } })
}

export const withHead = (tx: SmaregiTransaction, head: Record<string, string | null>): SmaregiTransaction => ({
  head: { ...tx.head, ...head },
  details: tx.details,
})

export const adjustmentsOf = (b: OrderBuild, description: string) =>
  b.items.flatMap((i) => i.adjustments).filter((a) => a.description === description).reduce((s, a) => s + a.amount, 0)

export const line = (code: string, price: number, quantity: number, extra: Partial<TransactionSpec["lines"][number]> = {}) => ({
  productCode: code,
  color: "ネイビー",
  size: "M",
  price,
  quantity,
  ...extra,
})
