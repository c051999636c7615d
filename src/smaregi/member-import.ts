import type { SmaregiRow } from "./client"

// Bringing a contract's existing members into the store: which Smaregi member becomes a new store customer,
// which is proposed as a link to a store customer with its e-mail, and the balance that opens its ledger.

/** customer_ref fields the import reads. */
export const IMPORT_FIELDS = [
  "customerId",
  "customerCode",
  "lastName",
  "firstName",
  "mailAddress",
  "phoneNumber",
  "mobileNumber",
  "point",
  "pointExpireDate",
  "status",
]

const WITHDRAWN_OR_MERGED = new Set(["3", "4"])

export type ImportAction =
  | { kind: "create" }
  | { kind: "propose"; customer_id: string }
  | { kind: "already_linked" }
  | { kind: "already_proposed" }
  /** The store customer with the e-mail is already another Smaregi member (or refused this one). */
  | { kind: "conflict"; customer_id: string }
  /** Withdrawn or merged in Smaregi, or without a member code. */
  | { kind: "skip"; reason: "inactive" | "no_code" }

export type StoreCustomerMatch = {
  id: string
  has_account: boolean
  /** The customer's member on this connection, if any. */
  member: { smaregi_customer_id: string | null; status: string; link_rejected_smaregi_id: string | null } | null
}

export type ImportContext = {
  /** Member records of the connection by Smaregi customerId. */
  members: Map<string, { status: string }>
  /** Store customers by lower-cased e-mail. */
  customersByEmail: Map<string, StoreCustomerMatch[]>
}

export const importEmail = (row: SmaregiRow): string | null => row.mailAddress?.trim().toLowerCase() || null

/** What the import does with one Smaregi member. A registered customer is preferred over a guest with the same e-mail. */
export function planImport(row: SmaregiRow, context: ImportContext): ImportAction {
  if (WITHDRAWN_OR_MERGED.has(row.status ?? "0")) return { kind: "skip", reason: "inactive" }
  if (!row.customerCode?.trim()) return { kind: "skip", reason: "no_code" }
  const id = String(row.customerId)
  const member = context.members.get(id)
  if (member) return member.status === "link_pending" ? { kind: "already_proposed" } : { kind: "already_linked" }
  const email = importEmail(row)
  const matches = email ? context.customersByEmail.get(email) ?? [] : []
  if (!matches.length) return { kind: "create" }
  const customer = [...matches].sort((a, b) => Number(b.has_account) - Number(a.has_account))[0]
  // A member still waiting for the id Smaregi assigns (Platform API, null) is another member too.
  if (customer.member && customer.member.smaregi_customer_id !== id) return { kind: "conflict", customer_id: customer.id }
  if (customer.member?.link_rejected_smaregi_id === id) return { kind: "conflict", customer_id: customer.id }
  return { kind: "propose", customer_id: customer.id }
}

export type OpeningBalance = { amount: number; expires_at: string | null }

/**
 * The ledger opening of a member from its customer_ref row: `point` as whole points (empty = 0), and
 * `pointExpireDate` (a JST date, the last day the points count) as the end of that day in JST.
 */
export function openingBalanceOf(row: SmaregiRow): OpeningBalance {
  const raw = (row.point ?? "").trim()
  const amount = raw === "" ? 0 : Number(raw)
  if (!Number.isFinite(amount)) throw new RangeError(`point: "${raw}" of Smaregi member ${row.customerId} is not a number`)
  const date = (row.pointExpireDate ?? "").trim().slice(0, 10)
  const expires_at = /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T23:59:59+09:00` : null
  return { amount: Math.trunc(amount), expires_at }
}

/** Name parts for a store customer made from a Smaregi member. */
export function importedCustomerFields(row: SmaregiRow): { email: string | null; first_name: string | null; last_name: string | null; phone: string | null } {
  const text = (v: string | null | undefined) => v?.trim() || null
  return {
    email: importEmail(row),
    first_name: text(row.firstName),
    last_name: text(row.lastName),
    phone: text(row.mobileNumber) ?? text(row.phoneNumber),
  }
}
