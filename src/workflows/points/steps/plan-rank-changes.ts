import { ContainerRegistrationKeys, generateEntityId } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { POINTS_MODULE } from "../../../modules/points"
import type PointsModuleService from "../../../modules/points/service"
import { planRankChanges, type OrderSpend, type RankChange } from "../../../modules/points/utils/rank-plan"

const DAY_MS = 24 * 60 * 60 * 1000
const PAGE = 500

export type RankPlan = { run_id: string; now: string; rank_group_ids: string[]; changes: RankChange[] }

/** Spend per customer over the rules' trailing windows (non-canceled orders, web and POS) → rank moves. */
export const planRankChangesStep = createStep("points-plan-rank-changes", async (input: { now: string }, { container }) => {
  const points: PointsModuleService = container.resolve(POINTS_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const now = new Date(input.now)
  const run_id = generateEntityId(undefined, "rankrun")
  const rules = (await points.listPointsRankRules({ enabled: true })).map((r) => ({
    id: r.id,
    name: r.name,
    customer_group_id: r.customer_group_id,
    min_spend: Number(r.min_spend),
    window_days: Number(r.window_days),
    priority: Number(r.priority),
  }))
  const rank_group_ids = [...new Set(rules.map((r) => r.customer_group_id))]
  if (!rules.length) return new StepResponse<RankPlan>({ run_id, now: input.now, rank_group_ids, changes: [] })

  const memberships: Record<string, string[]> = {}
  const { data: groups } = await query.graph({
    entity: "customer_group",
    fields: ["id", "customers.id"],
    filters: { id: rank_group_ids },
  })
  for (const g of groups) {
    for (const c of g.customers ?? []) {
      if (c) memberships[c.id] = [...(memberships[c.id] ?? []), g.id]
    }
  }

  const longest = Math.max(...rules.map((r) => r.window_days))
  const from = new Date(now.getTime() - longest * DAY_MS)
  const orders: OrderSpend[] = []
  for (let skip = 0; ; skip += PAGE) {
    const { data } = await query.graph({
      entity: "order",
      fields: ["id", "customer_id", "total", "created_at"],
      filters: {
        created_at: { $gt: from, $lte: now },
        status: { $nin: ["canceled", "draft"] },
        is_draft_order: false,
      },
      pagination: { skip, take: PAGE, order: { created_at: "ASC" } },
    })
    for (const o of data) {
      if (o.customer_id) orders.push({ customer_id: o.customer_id, total: Number(o.total ?? 0), created_at: o.created_at as Date })
    }
    if (data.length < PAGE) break
  }
  return new StepResponse<RankPlan>({ run_id, now: input.now, rank_group_ids, changes: planRankChanges({ rules, orders, memberships, now }) })
})
