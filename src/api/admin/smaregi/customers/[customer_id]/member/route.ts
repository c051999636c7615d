import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { smaregiService } from "../../../../../../workflows/members/store"
import { customerSummaries, type MemberRecord, toAdminMember } from "../../../members/helpers"

/** GET /admin/smaregi/customers/:customer_id/member — the customer's member record(s), for the customer-page widget. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const members = (await smaregiService(req.scope).listSmaregiMembers(
    { customer_id: req.params.customer_id },
    { order: { created_at: "ASC" } }
  )) as unknown as MemberRecord[]
  const customers = await customerSummaries(req.scope, [req.params.customer_id])
  const out = members.map((m) => toAdminMember(m, customers.get(m.customer_id), { withPayload: true }))
  res.json({ member: out[0] ?? null, members: out })
}
