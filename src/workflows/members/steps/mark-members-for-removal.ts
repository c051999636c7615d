import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { QueuedMember } from "./enqueue-members"
import { memberRecords } from "../store"
import type { MemberConnection } from "./resolve-member-connections"

/**
 * A deleted customer's members become pending; the sync finds the customer gone and applies the connection's
 * deletion policy (withdraw: status 3 + leaveDate, delete: proc_division D). With `keep` nothing happens. Pending
 * links are dropped: their Smaregi member was never touched.
 */
export const markMembersForRemovalStep = createStep(
  "smaregi-mark-members-for-removal",
  async (input: { connections: MemberConnection[]; customer_id: string }, { container }) => {
    const queued: QueuedMember[] = []
    await memberRecords(container).memberLinks.dropLinkProposals(input.customer_id)
    for (const connection of input.connections) {
      if (connection.settings.deletionPolicy === "keep") continue
      const marked = await memberRecords(container).members.markPending(connection.id, [input.customer_id], { delayMs: 0 })
      for (const m of marked) queued.push({ connection_id: connection.id, member_id: m.id, customer_id: m.customer_id, created: false })
    }
    return new StepResponse(queued)
  }
)
