import type { OrderAdjustment, OrderBuild, OrderItemInput } from "./order-input"

// A register edit of an imported sale (IN-16) → the Medusa order edit that makes the order equal the new sale:
// lines matched by transactionDetailId (head-level lines by their kind), re-quantified or re-priced, added and
// removed, and every line's adjustments replaced by the new allocation.

export type CurrentOrderItem = {
  id: string
  variant_id: string | null
  quantity: number
  unit_price: number
  fulfilled_quantity: number
  metadata: Record<string, unknown> | null
}

export type CurrentOrder = {
  status: string
  items: CurrentOrderItem[]
  shipping_total: number
}

export type OrderEditPlan =
  | {
      kind: "edit"
      /** existing items to re-quantify / re-price; quantity 0 removes the line */
      update: Array<{ id: string; quantity: number; unit_price: number }>
      add: OrderItemInput[]
      /** the adjustments every line ends with, by line key (see `itemKey`) */
      adjustments: Record<string, OrderAdjustment[]>
      /** the tax lines every line ends with, by line key */
      taxLines: Record<string, OrderItemInput["tax_lines"]>
      /** existing line id by key, for the lines that stay */
      kept: Record<string, string>
      summary: string[]
    }
  | { kind: "blocked"; reason: string }

/** Which Smaregi line an order item stands for: `detail:<transactionDetailId>` or `line:<kind>` (tax, rounding …). */
export function itemKey(metadata: Record<string, unknown> | null | undefined): string | null {
  const detail = metadata?.smaregi_transaction_detail_id
  if (typeof detail === "string" && detail !== "") return `detail:${detail}`
  const line = metadata?.smaregi_line
  if (typeof line === "string" && line !== "") return `line:${line}`
  return null
}

export function planOrderEdit(order: CurrentOrder, build: Pick<OrderBuild, "items" | "shipping_methods">): OrderEditPlan {
  if (order.status === "canceled" || order.status === "archived" || order.status === "completed") {
    return { kind: "blocked", reason: `the order is ${order.status}` }
  }
  const fulfilled = order.items.filter((i) => i.fulfilled_quantity > 0)
  if (fulfilled.length) {
    return { kind: "blocked", reason: `the order has fulfilled lines (${fulfilled.map((i) => i.id).join(", ")})` }
  }
  const shipping = build.shipping_methods.reduce((s, m) => s + m.amount, 0)
  if (shipping !== order.shipping_total) {
    return { kind: "blocked", reason: `carriage changed (${order.shipping_total} → ${shipping}), which an order edit does not apply` }
  }
  const current = new Map<string, CurrentOrderItem>()
  for (const item of order.items) {
    const key = itemKey(item.metadata)
    if (key === null) return { kind: "blocked", reason: `order line ${item.id} was not imported from Smaregi` }
    if (current.has(key)) return { kind: "blocked", reason: `two order lines stand for ${key}` }
    current.set(key, item)
  }

  const update: Array<{ id: string; quantity: number; unit_price: number }> = []
  const add: OrderItemInput[] = []
  const adjustments: Record<string, OrderAdjustment[]> = {}
  const taxLines: Record<string, OrderItemInput["tax_lines"]> = {}
  const kept: Record<string, string> = {}
  const summary: string[] = []
  const seen = new Set<string>()
  for (const item of build.items) {
    const key = itemKey(item.metadata)!
    seen.add(key)
    adjustments[key] = item.adjustments
    taxLines[key] = item.tax_lines
    const existing = current.get(key)
    // A line whose product changed is replaced, not re-pointed: an order edit cannot change a line's variant.
    if (!existing || (existing.variant_id ?? null) !== (item.variant_id ?? null)) {
      if (existing) {
        update.push({ id: existing.id, quantity: 0, unit_price: existing.unit_price })
        summary.push(`${key} replaced`)
      } else {
        summary.push(`${key} added`)
      }
      add.push(item)
      continue
    }
    kept[key] = existing.id
    if (existing.quantity !== item.quantity || existing.unit_price !== item.unit_price) {
      update.push({ id: existing.id, quantity: item.quantity, unit_price: item.unit_price })
      summary.push(`${key} ${existing.quantity} × ${existing.unit_price} → ${item.quantity} × ${item.unit_price}`)
    }
  }
  for (const [key, item] of current) {
    if (seen.has(key)) continue
    update.push({ id: item.id, quantity: 0, unit_price: item.unit_price })
    summary.push(`${key} removed`)
  }
  return { kind: "edit", update, add, adjustments, taxLines, kept, summary }
}
