import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { mergeCustomerMetadata } from "../customer-metadata"
import type { MemberRecord } from "../link-approval-types"
import { memberRecords, smaregiService } from "../store"
import { scheduleMemberSync } from "../wake"

/**
 * Approved links become ordinary members, due for a sync now (the customer's profile then goes to the Smaregi
 * member); the member code is mirrored into the customer's metadata right away, since Smaregi already knows it.
 */
export const markLinksApprovedStep = createStep("smaregi-mark-links-approved", async (input: { members: MemberRecord[] }, { container }) => {
  const approved = await memberRecords(container).memberLinks.approveLinks(input.members.map((m) => m.id))
  const smaregi = smaregiService(container)
  for (const connectionId of new Set(approved.map((m) => m.connection_id))) {
    const connection = await smaregi.getPublicConnection(connectionId)
    const keys = connection.settings.metadataKeys
    await mergeCustomerMetadata(
      container,
      approved
        .filter((m) => m.connection_id === connectionId)
        .map((m) => ({ id: m.customer_id, patch: { [keys.memberCode]: m.customer_code, [keys.syncStatus]: "pending" } }))
    )
    if (connection.enabled && connection.settings.memberSyncEnabled) await scheduleMemberSync(container, connectionId, 0)
  }
  return new StepResponse(approved.map((m) => ({ id: m.id, customer_id: m.customer_id })))
})
