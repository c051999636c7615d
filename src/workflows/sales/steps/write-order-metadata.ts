import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

/** Writes metadata straight through the order module: for orders the order workflows refuse (canceled). */
export const writeSmaregiOrderMetadataStep = createStep(
  "smaregi-write-order-metadata",
  async (input: { order_id: string; metadata: Record<string, unknown>; previous: Record<string, unknown> }, { container }) => {
    await container.resolve(Modules.ORDER).updateOrders([{ id: input.order_id, metadata: input.metadata }])
    return new StepResponse(undefined, { order_id: input.order_id, metadata: input.previous })
  },
  async (undo, { container }) => {
    if (undo) await container.resolve(Modules.ORDER).updateOrders([{ id: undo.order_id, metadata: undo.metadata }])
  }
)
