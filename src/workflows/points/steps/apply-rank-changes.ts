import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { POINTS_MODULE } from "../../../modules/points"
import type PointsModuleService from "../../../modules/points/service"
import type { RankChange } from "../../../modules/points/utils/rank-plan"

type Pair = { customer_id: string; customer_group_id: string }

const movesOf = (changes: RankChange[]) => ({
  add: changes.filter((c) => c.to_group_id && !c.from_group_ids.includes(c.to_group_id)).map((c) => ({
    customer_id: c.customer_id,
    customer_group_id: c.to_group_id as string,
  })),
  remove: changes.flatMap((c) =>
    c.from_group_ids.filter((g) => g !== c.to_group_id).map((g) => ({ customer_id: c.customer_id, customer_group_id: g }))
  ),
})

// Through the customer module directly: the batch requests exactly one member sync per changed customer itself.
export const applyRankChangesStep = createStep(
  "points-apply-rank-changes",
  async (input: { run_id: string; changes: RankChange[] }, { container }) => {
    const customers = container.resolve(Modules.CUSTOMER)
    const points: PointsModuleService = container.resolve(POINTS_MODULE)
    const { add, remove } = movesOf(input.changes)
    if (remove.length) await customers.removeCustomerFromGroup(remove)
    if (add.length) await customers.addCustomerToGroup(add)
    const history = input.changes.length
      ? await points.createPointsRankChanges(
          input.changes.map((c) => ({
            run_id: input.run_id,
            customer_id: c.customer_id,
            from_group_ids: c.from_group_ids,
            to_group_id: c.to_group_id,
            rule_id: c.rule_id,
            spend: c.spend,
            reason: c.reason,
          }))
        )
      : []
    return new StepResponse(input.changes, { add, remove, history_ids: history.map((h) => h.id) })
  },
  async (done: { add: Pair[]; remove: Pair[]; history_ids: string[] } | undefined, { container }) => {
    if (!done) return
    const customers = container.resolve(Modules.CUSTOMER)
    const points: PointsModuleService = container.resolve(POINTS_MODULE)
    if (done.add.length) await customers.removeCustomerFromGroup(done.add)
    if (done.remove.length) await customers.addCustomerToGroup(done.remove)
    if (done.history_ids.length) await points.deletePointsRankChanges(done.history_ids)
  }
)
