import type { CreateOrderWorkflowInput } from "@medusajs/medusa/core-flows"
import { type AppliedSale } from "../../../smaregi/order-diff"
import { type OrderBuild, type StockLine } from "../../../smaregi/order-input"
import { METADATA_APPLIED_KEY } from "../../../smaregi/order-metadata"
import type { OrderContext } from "./order-context"
import type { ResolvedSaleVariant } from "./resolve-variants"
import type { SaleCustomer } from "./resolve-customer"

export type StockMove = {
  detail_id: string
  sku: string | null
  inventory_item_id: string
  location_id: string
  /** positive: units the sale takes out of stock */
  quantity: number
}

/** What the plugin applied to an order, kept in the order's metadata (read back by update and cancel). */
export type AppliedOrderState = AppliedSale & {
  transaction_id: string
  connection_id: string
  customer_id: string | null
  /** stock the import consumed (empty when inventory is off) */
  stock: StockMove[]
  stock_returned: boolean
  /** true when the points ledger was moved for this sale */
  points_moved: boolean
}

// created_at is not in CreateOrderDTO but the order module stores it (verified on 2.21.2): the order dates from the sale.
export type SaleOrderInput = CreateOrderWorkflowInput & { created_at?: string }

/** Stock movements for the sale lines of managed variants at the sale's location. */
export function planStock(
  stock: StockLine[],
  variants: Record<string, ResolvedSaleVariant>,
  locationId: string | null,
  storeId: string | null
): { moves: StockMove[]; problems: string[] } {
  const moves: StockMove[] = []
  const problems: string[] = []
  for (const line of stock) {
    const variant = variants[line.detailId]
    if (!variant?.manageInventory) continue
    if (!locationId) {
      problems.push(
        `no stock location for Smaregi store ${storeId ?? "(none)"}: map it in the store-location setting or link the sales channel to a stock location`
      )
      break
    }
    if (variant.inventoryItems.length === 0) {
      problems.push(`variant ${variant.sku ?? variant.variantId} manages inventory but has no inventory item`)
      continue
    }
    for (const item of variant.inventoryItems) {
      moves.push({
        detail_id: line.detailId,
        sku: variant.sku,
        inventory_item_id: item.inventory_item_id,
        location_id: locationId,
        quantity: item.required_quantity * line.quantity,
      })
    }
  }
  return { moves, problems }
}

/** What the stock must move by to go from the moves applied before to the new ones (positive: taken out). */
export function stockDelta(before: StockMove[], after: StockMove[]): StockMove[] {
  const byKey = new Map<string, StockMove>()
  const add = (m: StockMove, sign: 1 | -1): void => {
    const key = `${m.inventory_item_id}@${m.location_id}`
    const prev = byKey.get(key)
    byKey.set(key, { ...m, detail_id: prev?.detail_id ?? m.detail_id, quantity: (prev?.quantity ?? 0) + sign * m.quantity })
  }
  for (const m of before) add(m, -1)
  for (const m of after) add(m, 1)
  return [...byKey.values()].filter((m) => m.quantity !== 0)
}

export function saleOrderInput(input: {
  build: OrderBuild
  context: OrderContext
  customer: SaleCustomer
  applied: AppliedOrderState
}): SaleOrderInput {
  const { build, context, customer, applied } = input
  const member = customer.kind === "member" ? customer : null
  const email = member?.email ?? build.email ?? undefined
  return {
    region_id: context.regionId,
    sales_channel_id: context.salesChannelId,
    currency_code: build.currency_code,
    ...(member ? { customer_id: member.customerId } : {}),
    ...(email ? { email } : {}),
    no_notification: true,
    ...(build.saleAt ? { created_at: build.saleAt } : {}),
    items: build.items,
    shipping_methods: build.shipping_methods,
    metadata: {
      ...build.metadata,
      smaregi_connection_id: applied.connection_id,
      smaregi_transaction_id: applied.transaction_id,
      [METADATA_APPLIED_KEY]: applied,
    },
  }
}

export function readAppliedState(metadata: Record<string, unknown> | null | undefined): AppliedOrderState | null {
  const value = metadata?.[METADATA_APPLIED_KEY]
  return value && typeof value === "object" ? (value as AppliedOrderState) : null
}
