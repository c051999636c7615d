import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { SmaregiEvents } from "../../events"
import { expireDuePointsStep } from "./steps/expire-due-points"

export type ExpirePointsInput = { now?: string; dry_run?: boolean }

/** OUT-7 ポイントの失効: expires due points, then one member sync request per affected customer. */
export const expirePointsWorkflow = createWorkflow("points-expire-points", (input: ExpirePointsInput) => {
  const params = transform({ input }, ({ input }) => ({
    now: input.now ?? new Date().toISOString(),
    dry_run: input.dry_run ?? false,
  }))
  const customers = expireDuePointsStep(params)
  const syncRequests = transform({ customers, params }, ({ customers, params }) =>
    params.dry_run ? [] : customers.map((c) => ({ customer_id: c.customer_id, reason: "points_expired" }))
  )
  emitEventStep({ eventName: SmaregiEvents.MEMBER_SYNC_REQUESTED, data: syncRequests })
  return new WorkflowResponse(
    transform({ customers, params }, ({ customers, params }) => ({
      now: params.now,
      dry_run: params.dry_run,
      expired_points: customers.reduce((s, c) => s + c.expired, 0),
      customers,
    }))
  )
})
