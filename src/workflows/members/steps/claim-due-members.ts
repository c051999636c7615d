import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { memberSyncActive } from "../../../smaregi/settings"
import type { PublicConnection } from "../../../modules/smaregi/types"
import { memberSyncTiming } from "../config"
import type { ClaimedMember } from "../../../modules/smaregi/repositories"
import { memberRecords, smaregiService } from "../store"

export type ClaimDueMembersInput = { connection_id: string; member_ids?: string[]; limit?: number }

/** Takes due pending members of a connection for this sync; nothing while the connection or member sync is off. */
export async function claimDueMembers(
  container: MedusaContainer,
  input: ClaimDueMembersInput,
  known?: PublicConnection
): Promise<ClaimedMember[]> {
  const connection =
    known ??
    (await smaregiService(container)
      .getPublicConnection(input.connection_id)
      .catch(() => null))
  if (!connection || !memberSyncActive(connection)) return []
  const limit = input.limit ?? (input.member_ids ? Math.max(1, input.member_ids.length) : connection.settings.memberBatchSize * 5)
  return memberRecords(container).members.claimDue(input.connection_id, {
    limit,
    leaseMs: memberSyncTiming().leaseMs,
    memberIds: input.member_ids,
  })
}

export const claimDueMembersStep = createStep(
  "smaregi-claim-due-members",
  async (input: ClaimDueMembersInput, { container }) => {
    const claimed = await claimDueMembers(container, input)
    return new StepResponse(claimed, claimed.map((m) => m.id))
  },
  async (memberIds, { container }) => {
    if (memberIds?.length) await memberRecords(container).members.release(memberIds)
  }
)
