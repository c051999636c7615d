import type { SmaregiRow } from "../../smaregi/client"
import { normalizeCustomerRow } from "../../smaregi/normalize-customer"
import type { MemberMatch, SmaregiTransport } from "../../modules/smaregi/transport/types"
import type { MemberCustomer } from "../../smaregi/member-mapping"

export type ExistingMember = { smaregi_customer_id: string; customer_code: string }

const WITHDRAWN_OR_MERGED = new Set(["3", "4"])
const digits = (value: string | null | undefined): string => (value ?? "").replace(/\D/g, "")

function normalizedPhone(phone: string | null | undefined): string | null {
  if (!phone) return null
  const result = normalizeCustomerRow({ customerId: "1", phoneNumber: phone })
  return result.ok ? result.row.phoneNumber ?? null : null
}

function matches(by: "email" | "phone", customer: MemberCustomer, row: SmaregiRow): boolean {
  if (by === "email") {
    const email = customer.email?.trim().toLowerCase()
    return !!email && [row.mailAddress, row.mailAddress2, row.mailAddress3].some((m) => m?.trim().toLowerCase() === email)
  }
  const phone = digits(customer.phone)
  return phone.length > 0 && [row.phoneNumber, row.mobileNumber].some((p) => digits(p) === phone)
}

/**
 * Looks the customers up in Smaregi by e-mail or phone, one customer_ref per distinct key (Smaregi may honour
 * only the first condition object, so several are never OR-ed), and returns, per customer id, the active
 * Smaregi member with the lowest customerId that matches (each member used once).
 */
export async function findExistingMembers(
  transport: SmaregiTransport,
  by: "email" | "phone",
  customers: MemberCustomer[]
): Promise<Map<string, ExistingMember>> {
  const conditions = new Map<string, MemberMatch>()
  for (const c of customers) {
    if (by === "email") {
      const email = c.email?.trim()
      if (email) conditions.set(`mailAddress:${email}`, { mailAddress: email })
      continue
    }
    const phone = normalizedPhone(c.phone)
    if (!phone) continue
    conditions.set(`phoneNumber:${phone}`, { phoneNumber: phone })
    conditions.set(`mobileNumber:${phone}`, { mobileNumber: phone })
  }
  const byId = new Map<string, SmaregiRow>()
  for (const condition of conditions.values()) {
    const { rows } = await transport.findMembers({
      fields: ["customerId", "customerCode", "mailAddress", "mailAddress2", "mailAddress3", "phoneNumber", "mobileNumber", "status"],
      match: condition,
    })
    for (const row of rows) if (row.customerId) byId.set(row.customerId, row)
  }
  const candidates = [...byId.values()]
    .filter((r) => r.customerId && r.customerCode && !WITHDRAWN_OR_MERGED.has(r.status ?? "0"))
    .sort((a, b) => Number(a.customerId) - Number(b.customerId))
  const found = new Map<string, ExistingMember>()
  const used = new Set<string>()
  for (const customer of customers) {
    const row = candidates.find((r) => !used.has(r.customerId as string) && matches(by, customer, r))
    if (!row) continue
    used.add(row.customerId as string)
    found.set(customer.id, { smaregi_customer_id: row.customerId as string, customer_code: row.customerCode as string })
  }
  return found
}
