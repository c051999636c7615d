import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { smaregiService } from "../../../../workflows/members/store"
import { customerSummaries, type MemberRecord, memberFilters, toAdminMember } from "./helpers"
import type { AdminListSmaregiMembersType } from "./validators"

/** GET /admin/smaregi/members — filter by status, connection and `q` (member code or e-mail), paginated. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminListSmaregiMembersType>, res: MedusaResponse) {
  const { offset, limit, ...filter } = req.validatedQuery as AdminListSmaregiMembersType
  const filters = await memberFilters(req.scope, filter)
  const [members, count] = (await smaregiService(req.scope).listAndCountSmaregiMembers(filters, {
    skip: offset,
    take: limit,
    order: { created_at: "DESC", id: "DESC" },
  })) as unknown as [MemberRecord[], number]
  const customers = await customerSummaries(req.scope, members.map((m) => m.customer_id))
  res.json({ members: members.map((m) => toAdminMember(m, customers.get(m.customer_id))), count, offset, limit })
}
