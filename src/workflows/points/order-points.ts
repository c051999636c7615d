import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { SmaregiEvents } from "../../events"
import type { SourcePointsInput } from "../../modules/points/types"
import { planOrderPointsStep } from "./steps/plan-order-points"
import { setSourcePointsStep } from "./steps/set-source-points"

/** PTS-3: points for a placed web order (when online earning is on), taken back when it is canceled. */
export const orderPointsWorkflow = createWorkflow("points-order-points", (input: { order_id: string }) => {
  const plan = planOrderPointsStep(input)
  const result = when({ plan }, ({ plan }) => !!plan).then(() => setSourcePointsStep(plan as SourcePointsInput))
  const syncRequests = transform({ result }, ({ result }) =>
    (result?.changed_customer_ids ?? []).map((customer_id) => ({ customer_id, reason: "points" }))
  )
  emitEventStep({ eventName: SmaregiEvents.MEMBER_SYNC_REQUESTED, data: syncRequests })
  return new WorkflowResponse(transform({ result }, ({ result }) => result ?? null))
})
