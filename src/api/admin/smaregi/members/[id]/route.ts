import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { smaregiService } from "../../../../../workflows/members/store"
import { customerSummaries, type MemberRecord, toAdminMember } from "../helpers"

/** GET /admin/smaregi/members/:id — the member with its last pushed row. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const member = (await smaregiService(req.scope).retrieveSmaregiMember(req.params.id)) as unknown as MemberRecord
  const customers = await customerSummaries(req.scope, [member.customer_id])
  res.json({ member: toAdminMember(member, customers.get(member.customer_id), { withPayload: true }) })
}
