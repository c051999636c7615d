import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { MemberRecord } from "../../../../../../../workflows/members/link-approval-types"
import { rejectMemberLinkWorkflow } from "../../../../../../../workflows/members/reject-member-link"
import { customerSummaries, toAdminMember } from "../../../helpers"

/**
 * POST /admin/smaregi/members/:id/link/reject — refuses the proposed link: the Smaregi member is left untouched and
 * the customer becomes a new member (fresh id above the floor, new code). 409 when it is not a pending link.
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { result } = await rejectMemberLinkWorkflow(req.scope).run({ input: { member_id: req.params.id } })
  const member = result as MemberRecord
  const customers = await customerSummaries(req.scope, [member.customer_id])
  res.json({ member: toAdminMember(member, customers.get(member.customer_id)) })
}
