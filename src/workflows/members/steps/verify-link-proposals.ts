import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { MemberRecord } from "../link-approval-types"
import { openBalancesFromRows, readSmaregiMembers } from "../opening-balances"
import { hasSmaregiId } from "../customer-ids"
import { smaregiService } from "../store"
import type { LinkRefusal } from "../link-approval-types"

const INACTIVE = new Set(["3", "4"])

export type VerifiedLinks = { approvable: MemberRecord[]; refused: LinkRefusal[] }

/**
 * Checks each proposed link against Smaregi (the member still exists, is active and has the proposed code) and
 * opens the customer's points ledger from the member's Smaregi balance, once per member, before anything is sent.
 */
export const verifyLinkProposalsStep = createStep(
  "smaregi-verify-link-proposals",
  async (input: { member_ids: string[] }, { container }) => {
    const ids = [...new Set(input.member_ids)]
    const members = (await smaregiService(container).listSmaregiMembers({ id: ids }, { take: null })) as unknown as MemberRecord[]
    const byId = new Map(members.map((m) => [m.id, m]))
    const result: VerifiedLinks = { approvable: [], refused: [] }
    const pending: Array<MemberRecord & { smaregi_customer_id: string }> = []
    for (const id of ids) {
      const member = byId.get(id)
      if (!member) result.refused.push({ id, reason: "not_found", message: `Smaregi member record ${id} was not found` })
      else if (member.status !== "link_pending") {
        result.refused.push({ id, reason: "not_pending", message: `Member ${id} is not a pending link (status ${member.status})` })
      } else if (!hasSmaregiId(member)) {
        result.refused.push({ id, reason: "smaregi_member_changed", message: `Member ${id} names no Smaregi member; reject this link` })
      } else pending.push(member)
    }
    for (const connectionId of new Set(pending.map((m) => m.connection_id))) {
      const group = pending.filter((m) => m.connection_id === connectionId)
      const rows = await readSmaregiMembers(
        await smaregiService(container).transportFor(connectionId),
        group.map((m) => m.smaregi_customer_id)
      )
      const ok = group.filter((m) => {
        const row = rows.get(m.smaregi_customer_id)
        const problem = !row
          ? "no longer exists in Smaregi"
          : INACTIVE.has(row.status ?? "0")
            ? "is withdrawn or merged in Smaregi"
            : row.customerCode !== m.customer_code
              ? `now has the member code ${row.customerCode ?? "(none)"}`
              : null
        if (problem) {
          result.refused.push({
            id: m.id,
            reason: "smaregi_member_changed",
            message: `Smaregi member ${m.smaregi_customer_id} (${m.customer_code}) ${problem}; reject this link`,
          })
        }
        return !problem
      })
      await openBalancesFromRows(
        container,
        connectionId,
        ok.map((m) => ({ customer_id: m.customer_id, smaregi_customer_id: m.smaregi_customer_id, row: rows.get(m.smaregi_customer_id)! }))
      )
      result.approvable.push(...ok)
    }
    return new StepResponse(result)
  }
)
