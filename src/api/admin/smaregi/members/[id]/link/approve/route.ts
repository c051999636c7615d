import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { approveMemberLinksWorkflow } from "../../../../../../../workflows/members/approve-member-links"
import type { ApproveLinksResult } from "../../../../../../../workflows/members/link-approval-types"
import { smaregiService } from "../../../../../../../workflows/members/store"
import { customerSummaries, type MemberRecord, toAdminMember } from "../../../helpers"

/**
 * POST /admin/smaregi/members/:id/link/approve — links the customer to the existing Smaregi member proposed for it
 * (its points open the ledger, then the normal sync sends the customer). 404 unknown, 409 not a pending link or
 * the Smaregi member changed meanwhile.
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { result } = await approveMemberLinksWorkflow(req.scope).run({ input: { member_ids: [req.params.id] } })
  const { refused } = result as ApproveLinksResult
  if (refused.length) {
    const [r] = refused
    res.status(r.reason === "not_found" ? 404 : 409).json({ type: r.reason === "not_found" ? "not_found" : "conflict", code: r.reason, message: r.message })
    return
  }
  const member = (await smaregiService(req.scope).retrieveSmaregiMember(req.params.id)) as unknown as MemberRecord
  const customers = await customerSummaries(req.scope, [member.customer_id])
  res.json({ member: toAdminMember(member, customers.get(member.customer_id)) })
}
