import type { ICustomerModuleService, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type { InferTypeOf } from "@medusajs/framework/types"
import type { SmaregiBackfill } from "../../../../modules/smaregi/models/backfill"
import type { SmaregiMember } from "../../../../modules/smaregi/models/member"

const MAX_EMAIL_MATCHES = 1000

export type MemberFilter = { status?: string | string[]; connection_id?: string; q?: string }

/** The list's filters (status, connection, `q` = part of the member code or of the customer's e-mail), shared with the CSV export. */
export async function memberFilters(container: MedusaContainer, { status, connection_id, q }: MemberFilter): Promise<Record<string, unknown>> {
  const filters: Record<string, unknown> = {}
  if (status) filters.status = status
  if (connection_id) filters.connection_id = connection_id
  if (q) {
    const customers: ICustomerModuleService = container.resolve(Modules.CUSTOMER)
    const byEmail = await customers.listCustomers({ email: { $ilike: `%${q}%` } }, { select: ["id"], take: MAX_EMAIL_MATCHES })
    filters.$or = [{ customer_code: { $ilike: `%${q}%` } }, ...(byEmail.length ? [{ customer_id: byEmail.map((c) => c.id) }] : [])]
  }
  return filters
}

export type MemberRecord = InferTypeOf<typeof SmaregiMember>
export type BackfillRecord = InferTypeOf<typeof SmaregiBackfill>

export type AdminSmaregiMember = {
  id: string
  connection_id: string
  customer_id: string
  customer: { email: string | null; first_name: string | null; last_name: string | null } | null
  /** null while a Platform API member waits for the id Smaregi assigns on creation. */
  smaregi_customer_id: string | null
  customer_code: string
  status: string
  linked_existing: boolean
  /** For a pending link: where it was found (signup, import). */
  link_source: string | null
  link_rejected_smaregi_id: string | null
  attempts: number
  last_error_code: string | null
  last_error: string | null
  next_attempt_at: Date | null
  requested_at: Date | null
  last_synced_at: Date | null
  created_at: Date
  updated_at: Date
  last_payload?: Record<string, unknown> | null
}

type CustomerSummary = AdminSmaregiMember["customer"]

export async function customerSummaries(container: MedusaContainer, ids: string[]): Promise<Map<string, CustomerSummary>> {
  if (!ids.length) return new Map()
  const customers: ICustomerModuleService = container.resolve(Modules.CUSTOMER)
  const list = await customers.listCustomers({ id: [...new Set(ids)] }, { select: ["id", "email", "first_name", "last_name"], take: null })
  return new Map(list.map((c) => [c.id, { email: c.email ?? null, first_name: c.first_name, last_name: c.last_name }]))
}

export function toAdminMember(
  member: MemberRecord,
  customer: CustomerSummary | undefined,
  options: { withPayload?: boolean } = {}
): AdminSmaregiMember {
  const out: AdminSmaregiMember = {
    id: member.id,
    connection_id: member.connection_id,
    customer_id: member.customer_id,
    customer: customer ?? null,
    smaregi_customer_id: member.smaregi_customer_id,
    customer_code: member.customer_code,
    status: member.status,
    linked_existing: member.linked_existing,
    link_source: member.link_source ?? null,
    link_rejected_smaregi_id: member.link_rejected_smaregi_id ?? null,
    attempts: member.attempts,
    last_error_code: member.last_error_code,
    last_error: member.last_error,
    next_attempt_at: member.next_attempt_at,
    requested_at: member.requested_at,
    last_synced_at: member.last_synced_at,
    created_at: member.created_at as unknown as Date,
    updated_at: member.updated_at as unknown as Date,
  }
  if (options.withPayload) out.last_payload = (member.last_payload as Record<string, unknown> | null) ?? null
  return out
}

export function toBackfillProgress(backfill: BackfillRecord) {
  const processed = backfill.done + backfill.failed + backfill.skipped
  return {
    id: backfill.id,
    connection_id: backfill.connection_id,
    status: backfill.status,
    total: Math.max(backfill.total, processed),
    done: backfill.done,
    failed: backfill.failed,
    skipped: backfill.skipped,
    remaining: Math.max(0, backfill.total - processed),
    cursor: backfill.cursor,
    last_error: backfill.last_error,
    created_at: backfill.created_at as unknown as Date,
    updated_at: backfill.updated_at as unknown as Date,
    finished_at: backfill.finished_at,
  }
}
