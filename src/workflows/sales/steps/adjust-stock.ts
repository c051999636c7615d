import { MedusaError, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { StockMove } from "../lib/order-input"

async function adjust(container: MedusaContainer, moves: StockMove[], sign: 1 | -1): Promise<void> {
  if (!moves.length) return
  const inventory = container.resolve(Modules.INVENTORY)
  const levels = await inventory.listInventoryLevels({
    inventory_item_id: [...new Set(moves.map((m) => m.inventory_item_id))],
    location_id: [...new Set(moves.map((m) => m.location_id))],
  })
  const missing = moves.filter(
    (m) => !levels.some((l) => l.inventory_item_id === m.inventory_item_id && l.location_id === m.location_id)
  )
  if (missing.length) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      missing
        .map((m) => `${m.sku ? `SKU ${m.sku}` : `inventory item ${m.inventory_item_id}`} has no stock level at stock location ${m.location_id}`)
        .join("; ")
    )
  }
  const keys = [...new Set(moves.map((m) => m.inventory_item_id))]
  await container.resolve(Modules.LOCKING).execute(keys, async () => {
    await inventory.adjustInventory(
      moves.map((m) => ({ inventoryItemId: m.inventory_item_id, locationId: m.location_id, adjustment: sign * m.quantity }))
    )
  })
}

/** Moves stock by the given moves (positive quantity: taken out of stock). */
export async function adjustStock(container: MedusaContainer, moves: StockMove[]): Promise<void> {
  await adjust(container, moves, -1)
}

/** Order metadata key set once the sale's stock has been consumed: a resumed import never moves it twice. */
export const STOCK_CONSUMED_KEY = "smaregi_stock_consumed"

async function orderMetadata(container: MedusaContainer, orderId: string): Promise<Record<string, unknown>> {
  const [order] = await container.resolve(Modules.ORDER).listOrders({ id: orderId }, { select: ["id", "metadata"] })
  return (order?.metadata as Record<string, unknown> | null) ?? {}
}

async function markConsumed(container: MedusaContainer, orderId: string, consumed: boolean): Promise<void> {
  const metadata = await orderMetadata(container, orderId)
  await container.resolve(Modules.ORDER).updateOrders([{ id: orderId, metadata: { ...metadata, [STOCK_CONSUMED_KEY]: consumed } }])
}

/**
 * The register sold it: stocked quantity drops at the sale's location (IN-13), once per order. The marker is
 * written right after the adjustment: a kill in between would consume twice on resume, never lose the movement.
 */
export const consumeSmaregiStockStep = createStep(
  "smaregi-consume-stock",
  async (input: { order_id: string; moves: StockMove[] }, { container }) => {
    type Undo = { order_id: string; moves: StockMove[] } | null
    if (!input.moves.length) return new StepResponse<StockMove[], Undo>([], null)
    const metadata = await orderMetadata(container, input.order_id)
    if (metadata[STOCK_CONSUMED_KEY] === true) return new StepResponse<StockMove[], Undo>([], null)
    await adjust(container, input.moves, -1)
    await markConsumed(container, input.order_id, true)
    return new StepResponse<StockMove[], Undo>(input.moves, input)
  },
  async (undo, { container }) => {
    if (!undo) return
    await adjust(container, undo.moves, 1)
    await markConsumed(container, undo.order_id, false)
  }
)

/** A cancel gives back exactly what the import took. */
export const restoreSmaregiStockStep = createStep(
  "smaregi-restore-stock",
  async (moves: StockMove[], { container }) => {
    await adjust(container, moves, 1)
    return new StepResponse(moves, moves)
  },
  async (moves, { container }) => {
    if (moves) await adjust(container, moves, -1)
  }
)
