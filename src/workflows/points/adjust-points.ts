import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { SmaregiEvents } from "../../events"
import { adjustPointsStep, type AdjustPointsStepInput } from "./steps/adjust-points"

/** PTS-2: an admin's manual correction with a reason; asks for a member sync. */
export const adjustPointsWorkflow = createWorkflow("points-adjust-points", (input: AdjustPointsStepInput) => {
  const result = adjustPointsStep(input)
  const syncRequests = transform({ result }, ({ result }) =>
    result.changed_customer_ids.map((customer_id) => ({ customer_id, reason: "points" }))
  )
  emitEventStep({ eventName: SmaregiEvents.MEMBER_SYNC_REQUESTED, data: syncRequests })
  return new WorkflowResponse(result)
})
