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

/** The register sold it: stocked quantity drops at the sale's location (IN-13). */
export const consumeSmaregiStockStep = createStep(
  "smaregi-consume-stock",
  async (moves: StockMove[], { container }) => {
    await adjust(container, moves, -1)
    return new StepResponse(moves, moves)
  },
  async (moves, { container }) => {
    if (moves) await adjust(container, moves, 1)
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
