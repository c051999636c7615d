import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { memberSyncActive } from "../../../smaregi/settings"
import { memberSyncTiming } from "../config"
import { memberRecords, smaregiService } from "../store"

export type ClaimDueMembersInput = { connection_id: string; member_ids?: string[]; limit?: number }

/**
 * Takes due pending members of a connection for this sync (hidden from other runs for the lease); nothing while
 * the connection or member sync is off. A run for the connection's due members serves its scheduled wake.
 */
export const claimDueMembersStep = createStep(
  "smaregi-claim-due-members",
  async (input: ClaimDueMembersInput, { container }) => {
    const records = memberRecords(container)
    if (!input.member_ids) await records.wakes.take(input.connection_id)
    const connection = await smaregiService(container)
      .getPublicConnection(input.connection_id)
      .catch(() => null)
    if (!connection || !memberSyncActive(connection)) return new StepResponse([], [] as string[])
    const limit = input.limit ?? (input.member_ids ? Math.max(1, input.member_ids.length) : connection.settings.memberBatchSize * 5)
    const claimed = await records.members.claimDue(input.connection_id, { limit, leaseMs: memberSyncTiming().leaseMs, memberIds: input.member_ids })
    return new StepResponse(claimed, claimed.map((m) => m.id))
  },
  async (memberIds, { container }) => {
    if (memberIds?.length) await memberRecords(container).members.release(memberIds)
  }
)
