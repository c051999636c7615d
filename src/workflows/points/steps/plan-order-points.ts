import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { POINTS_MODULE } from "../../../modules/points"
import type PointsModuleService from "../../../modules/points/service"
import type { SourcePointsInput } from "../../../modules/points/types"

/** Orders imported from the POS earn through IN-15 instead; they carry this metadata key. */
export const POS_ORDER_METADATA_KEY = "smaregi_transaction_head_id"

export type OrderForPoints = {
  id: string
  customer_id: string | null
  status: string
  item_total: number
  metadata: Record<string, unknown> | null
  has_account: boolean
}

/** PTS-3: what a web order should have earned — rate × item total while live, nothing once canceled. */
export function orderPointsTarget(
  order: OrderForPoints,
  settings: { enabled: boolean; ratePercent: number }
): { skip: string } | { version: string; earn: number } {
  if (!order.customer_id || !order.has_account) return { skip: "guest order" }
  if (order.metadata && order.metadata[POS_ORDER_METADATA_KEY] != null) return { skip: "POS order" }
  // Numeric versions so a cancel always supersedes the placement.
  if (order.status === "canceled") return { version: "2", earn: 0 }
  if (!settings.enabled) return { skip: "online earning is off" }
  return { version: "1", earn: Math.floor((Number(order.item_total) * settings.ratePercent) / 100) }
}

export const planOrderPointsStep = createStep(
  "points-plan-order-points",
  async (input: { order_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const points: PointsModuleService = container.resolve(POINTS_MODULE)
    const { data } = await query.graph({
      entity: "order",
      fields: ["id", "customer_id", "status", "item_total", "metadata", "customer.has_account"],
      filters: { id: input.order_id },
    })
    const o = data[0]
    if (!o) return new StepResponse(null)
    const settings = await points.getSettings()
    const target = orderPointsTarget(
      {
        id: o.id,
        customer_id: o.customer_id ?? null,
        status: String(o.status),
        item_total: Number(o.item_total ?? 0),
        metadata: (o.metadata as Record<string, unknown> | null) ?? null,
        has_account: !!o.customer?.has_account,
      },
      settings.onlineEarning
    )
    if ("skip" in target) return new StepResponse(null)
    const plan: SourcePointsInput = {
      source: `order:${o.id}`,
      customer_id: o.customer_id as string,
      version: target.version,
      targets: { earn: target.earn },
      actor: "system",
      reasons: { earn: target.earn ? `Points earned on web order ${o.id}` : `Order ${o.id} canceled` },
      metadata: { order_id: o.id },
    }
    return new StepResponse(plan)
  }
)
