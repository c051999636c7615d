import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { requestMemberSync } from "../../../../../../workflows/members/request-member-sync"
import { smaregiService } from "../../../../../../workflows/members/store"
import { customerSummaries, type MemberRecord, toAdminMember } from "../../helpers"

/** POST /admin/smaregi/members/:id/resync — push this member now, even if the row did not change. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const smaregi = smaregiService(req.scope)
  const member = (await smaregi.retrieveSmaregiMember(req.params.id)) as unknown as MemberRecord
  const result = await requestMemberSync(req.scope, [member.customer_id], { connectionId: member.connection_id, force: true, delayMs: 0 })
  const fresh = (await smaregi.retrieveSmaregiMember(member.id)) as unknown as MemberRecord
  const customers = await customerSummaries(req.scope, [member.customer_id])
  res.json({
    member: toAdminMember(fresh, customers.get(member.customer_id)),
    queued: result.queued.some((q) => q.member_id === member.id),
    skipped: result.skipped.find((s) => s.customer_id === member.customer_id)?.reason ?? null,
  })
}
