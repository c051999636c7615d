import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ApproveLinksResult } from "./link-approval-types"
import { markLinksApprovedStep } from "./steps/mark-links-approved"
import { verifyLinkProposalsStep } from "./steps/verify-link-proposals"

/**
 * An admin approves pending links (found at sign-up or proposed by the import): each is checked against Smaregi,
 * its ledger opened from the Smaregi balance, and it becomes an ordinary member synced by the normal sync.
 */
export const approveMemberLinksWorkflow = createWorkflow("smaregi-approve-member-links", (input: { member_ids: string[] }) => {
  const verified = verifyLinkProposalsStep({ member_ids: input.member_ids })
  const approved = markLinksApprovedStep(transform({ verified }, ({ verified }) => ({ members: verified.approvable })))
  const result = transform({ verified, approved }, ({ verified, approved }): ApproveLinksResult => ({ approved, refused: verified.refused }))
  return new WorkflowResponse(result)
})
