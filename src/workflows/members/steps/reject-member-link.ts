import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { formatMemberCode } from "../../../smaregi/member-mapping"
import { TRANSPORT_CAPABILITIES } from "../../../modules/smaregi/transport/types"
import { ensureCustomerIdFloor } from "../customer-ids"
import type { MemberRecord } from "../link-approval-types"
import { memberRecords, smaregiService } from "../store"
import { scheduleMemberSync } from "../wake"

// Best effort: if the floor cannot be read now, the sync reads it (and moves the member above it) before the first write.
async function readFloor(container: MedusaContainer, connectionId: string): Promise<void> {
  try {
    await ensureCustomerIdFloor(memberRecords(container), await smaregiService(container).transportFor(connectionId), connectionId)
  } catch (e) {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`smaregi: could not read the highest Smaregi customerId yet, will before the first sync: ${e instanceof Error ? e.message : String(e)}`)
  }
}

/**
 * A refused link: the Smaregi member stays untouched and is never proposed for this customer again; the customer
 * becomes a new member with a fresh id above the floor and a new code (sent by the normal sync when it is on).
 */
export const rejectMemberLinkStep = createStep("smaregi-reject-member-link", async (input: { member_id: string }, { container }) => {
  const smaregi = smaregiService(container)
  const [member] = (await smaregi.listSmaregiMembers({ id: input.member_id })) as unknown as MemberRecord[]
  if (!member) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Smaregi member record ${input.member_id} was not found`)
  if (member.status !== "link_pending") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Member ${member.id} is not a pending link (status ${member.status})`)
  }
  const connection = await smaregi.getPublicConnection(member.connection_id)
  const store = memberRecords(container)
  await readFloor(container, member.connection_id)
  const [id] = await store.customerIds.allocateCustomerIds(member.connection_id, 1)
  const rejected = await store.memberLinks.rejectLink(member.id, {
    // On the Platform API the number only makes the code: Smaregi assigns the id when it creates the member.
    smaregi_customer_id: TRANSPORT_CAPABILITIES[connection.api].assignsCustomerId ? null : String(id),
    customer_code: formatMemberCode(id, connection.settings.memberCode),
  })
  if (!rejected) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Member ${member.id} is no longer a pending link`)
  if (connection.enabled && connection.settings.memberSyncEnabled) await scheduleMemberSync(container, member.connection_id, 0)
  return new StepResponse((await smaregi.retrieveSmaregiMember(member.id)) as unknown as MemberRecord)
})
