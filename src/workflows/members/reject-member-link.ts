import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { rejectMemberLinkStep } from "./steps/reject-member-link"

/** An admin refuses a pending link: the customer becomes a new member instead (see the step). */
export const rejectMemberLinkWorkflow = createWorkflow("smaregi-reject-member-link", (input: { member_id: string }) => {
  return new WorkflowResponse(rejectMemberLinkStep(input))
})
