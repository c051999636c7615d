import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { CsvColumn } from "../../../../../smaregi/csv"
import { smaregiService } from "../../../../../workflows/members/store"
import { sendCsv } from "../../csv-response"
import { type AdminSmaregiMember, customerSummaries, type MemberRecord, memberFilters, toAdminMember } from "../helpers"
import type { AdminExportSmaregiMembersType } from "../validators"

const field = (name: keyof AdminSmaregiMember): CsvColumn<AdminSmaregiMember> => ({ header: name, value: (m) => m[name] })

const COLUMNS: CsvColumn<AdminSmaregiMember>[] = [
  field("id"),
  field("customer_code"),
  field("smaregi_customer_id"),
  field("status"),
  field("customer_id"),
  { header: "email", value: (m) => m.customer?.email },
  { header: "last_name", value: (m) => m.customer?.last_name },
  { header: "first_name", value: (m) => m.customer?.first_name },
  field("linked_existing"),
  field("attempts"),
  field("last_error_code"),
  field("last_error"),
  field("next_attempt_at"),
  field("requested_at"),
  field("last_synced_at"),
  field("connection_id"),
  field("created_at"),
  field("updated_at"),
]

/** GET /admin/smaregi/members/export — the filtered member list (same filters as the list, no paging) as CSV. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminExportSmaregiMembersType>, res: MedusaResponse) {
  const filters = await memberFilters(req.scope, req.validatedQuery as AdminExportSmaregiMembersType)
  await sendCsv(res, "members", COLUMNS, async (skip, take) => {
    const members = (await smaregiService(req.scope).listSmaregiMembers(filters, {
      skip,
      take,
      order: { created_at: "DESC", id: "DESC" },
    })) as unknown as MemberRecord[]
    const customers = await customerSummaries(req.scope, members.map((m) => m.customer_id))
    return members.map((m) => toAdminMember(m, customers.get(m.customer_id)))
  })
}
