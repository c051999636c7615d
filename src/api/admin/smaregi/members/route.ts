import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { ICustomerModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { smaregiService } from "../../../../workflows/members/store"
import { customerSummaries, type MemberRecord, toAdminMember } from "./helpers"
import type { AdminListSmaregiMembersType } from "./validators"

const MAX_EMAIL_MATCHES = 1000

/** GET /admin/smaregi/members — filter by status, connection and `q` (member code or e-mail), paginated. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminListSmaregiMembersType>, res: MedusaResponse) {
  const { status, connection_id, q, offset, limit } = req.validatedQuery as AdminListSmaregiMembersType
  const filters: Record<string, unknown> = {}
  if (status) filters.status = status
  if (connection_id) filters.connection_id = connection_id
  if (q) {
    const customers: ICustomerModuleService = req.scope.resolve(Modules.CUSTOMER)
    const byEmail = await customers.listCustomers({ email: { $ilike: `%${q}%` } }, { select: ["id"], take: MAX_EMAIL_MATCHES })
    filters.$or = [{ customer_code: { $ilike: `%${q}%` } }, ...(byEmail.length ? [{ customer_id: byEmail.map((c) => c.id) }] : [])]
  }
  const [members, count] = (await smaregiService(req.scope).listAndCountSmaregiMembers(filters, {
    skip: offset,
    take: limit,
    order: { created_at: "DESC", id: "DESC" },
  })) as unknown as [MemberRecord[], number]
  const customers = await customerSummaries(req.scope, members.map((m) => m.customer_id))
  res.json({ members: members.map((m) => toAdminMember(m, customers.get(m.customer_id))), count, offset, limit })
}
