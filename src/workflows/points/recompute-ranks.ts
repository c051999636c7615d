import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { SmaregiEvents } from "../../events"
import { applyRankChangesStep } from "./steps/apply-rank-changes"
import { planRankChangesStep } from "./steps/plan-rank-changes"

export type RecomputeRanksInput = { now?: string; dry_run?: boolean }

/**
 * OUT-7 会員ランクの自動変動 / PTS-4: moves customers between the rank customer groups by their spend,
 * records why, and requests one member sync per changed customer. A dry run only lists the changes.
 */
export const recomputeRanksWorkflow = createWorkflow("points-recompute-ranks", (input: RecomputeRanksInput) => {
  const params = transform({ input }, ({ input }) => ({
    now: input.now ?? new Date().toISOString(),
    dry_run: input.dry_run ?? false,
  }))
  const plan = planRankChangesStep(params)
  when({ params, plan }, ({ params, plan }) => !params.dry_run && plan.changes.length > 0).then(() => {
    applyRankChangesStep(transform({ params, plan }, ({ params, plan }) => ({ run_id: plan.run_id, changes: plan.changes })))
  })
  const syncRequests = transform({ params, plan }, ({ params, plan }) =>
    params.dry_run ? [] : plan.changes.map((c) => ({ customer_id: c.customer_id, reason: "rank" }))
  )
  emitEventStep({ eventName: SmaregiEvents.MEMBER_SYNC_REQUESTED, data: syncRequests })
  return new WorkflowResponse(
    transform({ params, plan }, ({ params, plan }) => ({
      run_id: plan.run_id,
      now: params.now,
      dry_run: params.dry_run,
      changes: plan.changes,
    }))
  )
})
