import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { approveMemberLinksWorkflow } from "../../../../../../workflows/members/approve-member-links"
import type { ApproveLinksResult } from "../../../../../../workflows/members/link-approval-types"
import type { AdminApproveMemberLinksType } from "../../validators"

/** POST /admin/smaregi/members/links/approve `{ member_ids }` — bulk approval; `{ approved, refused }` with a reason per refusal. */
export async function POST(req: AuthenticatedMedusaRequest<AdminApproveMemberLinksType>, res: MedusaResponse) {
  const { result } = await approveMemberLinksWorkflow(req.scope).run({ input: { member_ids: req.validatedBody.member_ids } })
  res.json(result as ApproveLinksResult)
}
