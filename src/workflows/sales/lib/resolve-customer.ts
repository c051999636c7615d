import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type { ConnectionSettings } from "../../../smaregi/settings"
import type { TransactionHead } from "../../../smaregi/transaction-schema"
import { smaregiService } from "./transaction-row"

export type SaleCustomer =
  | { kind: "member"; customerId: string; email: string | null; memberId: string }
  | { kind: "guest"; reason: "no_member" | "member_not_found"; message: string }
  | { kind: "skip"; reasonCode: "not_member"; message: string }
  /** IN-17: members are required (nonMemberPolicy skip) and the register named one we do not know */
  | { kind: "fail"; reasonCode: "unknown_member"; message: string }

type MemberRow = { id: string; customer_id: string; customer_code: string; smaregi_customer_id: string }

/**
 * The member's customer for a sale (customerCode / customerId through the member record), else per nonMemberPolicy:
 * `guest` imports a guest order; `skip` skips a sale without a member code and fails one whose member is unknown
 * (a member the store should know: fixed by linking the member, then replayed).
 */
export async function resolveSaleCustomer(
  container: MedusaContainer,
  connectionId: string,
  head: TransactionHead,
  settings: Pick<ConnectionSettings, "nonMemberPolicy">
): Promise<SaleCustomer> {
  const code = (head.customerCode ?? "").trim()
  const rawId = (head.customerId ?? "").trim()
  // Smaregi writes "0" for an empty id column.
  const id = rawId === "0" ? "" : rawId.replace(/^0+(?=\d)/, "")
  if (!code && !id) {
    return settings.nonMemberPolicy === "skip"
      ? {
          kind: "skip",
          reasonCode: "not_member",
          message: "not a member sale (no customerId or customerCode) and sales without a member are skipped (nonMemberPolicy skip)",
        }
      : { kind: "guest", reason: "no_member", message: "not a member sale" }
  }
  const or: Array<Record<string, string>> = []
  if (code) or.push({ customer_code: code })
  if (id) or.push({ smaregi_customer_id: id })
  const members = (await smaregiService(container).listSmaregiMembers({
    connection_id: connectionId,
    // A pending link is not a link: no sale is attached before an admin approves it.
    status: { $ne: "link_pending" },
    $or: or,
  })) as unknown as MemberRow[]
  // customerCode is what the register scanned, so it wins over a customerId pointing elsewhere.
  const member = members.find((m) => code && m.customer_code === code) ?? members[0]
  if (member) {
    const [customer] = await container.resolve(Modules.CUSTOMER).listCustomers({ id: member.customer_id })
    if (customer) return { kind: "member", customerId: customer.id, email: customer.email ?? null, memberId: member.id }
  }
  const who = [code && `customerCode ${code}`, id && `customerId ${id}`].filter(Boolean).join(" / ")
  const message = `member ${who} is not linked to a store customer on this connection`
  return settings.nonMemberPolicy === "skip"
    ? { kind: "fail", reasonCode: "unknown_member", message }
    : { kind: "guest", reason: "member_not_found", message: `${message}; imported as a guest order` }
}
