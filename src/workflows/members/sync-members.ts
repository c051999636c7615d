import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { SmaregiEvents } from "../../events"
import type { ConnectionSettings } from "../../smaregi/settings"
import type { PreparedSync, SendResult } from "./outcomes"
import { claimDueMembersStep } from "./steps/claim-due-members"
import { mirrorMemberMetadata, mirrorMemberMetadataStep } from "./steps/mirror-member-metadata"
import { notifyMemberFailures, notifyMemberFailuresStep } from "./steps/notify-member-failures"
import { prepareMemberRowsStep } from "./steps/prepare-member-rows"
import { type MemberSyncResult, recordMemberOutcomes, recordMemberOutcomesStep } from "./steps/record-member-outcomes"
import { sendMemberRowsStep } from "./steps/send-member-rows"

export type SyncMembersInput = {
  connection_id: string
  /** Only these members (still only when pending and due). */
  member_ids?: string[]
  limit?: number
}

export type SyncMembersResult = { claimed: number; results: MemberSyncResult[] }

const eventData = (results: MemberSyncResult[], outcomes: string[]) =>
  results
    .filter((r) => outcomes.includes(r.outcome))
    .map((r) => ({ id: r.member_id, customer_id: r.customer_id, connection_id: r.connection_id, status: r.status }))

/**
 * Syncs due pending members of one connection: build rows from the customers' current state, skip unchanged
 * rows, customer_upd in batches, record synced / retry-with-backoff / failed, mirror the state into customer
 * metadata, mail failures.
 */
export const syncMembersWorkflow = createWorkflow("smaregi-sync-members", (input: SyncMembersInput) => {
  const members = claimDueMembersStep(input)
  const prepared = prepareMemberRowsStep({ connection_id: input.connection_id, members })
  const sent = sendMemberRowsStep({ connection_id: input.connection_id, writes: prepared.writes })
  const results = recordMemberOutcomesStep({ prepared, sent })
  mirrorMemberMetadataStep({ connection_id: input.connection_id, results })
  notifyMemberFailuresStep({ connection_id: input.connection_id, results })
  emitEventStep({
    eventName: SmaregiEvents.MEMBER_SYNCED,
    data: transform({ results }, ({ results }) => eventData(results, ["written", "withdrawn", "deleted"])),
  }).config({ name: "smaregi-emit-member-synced" })
  emitEventStep({
    eventName: SmaregiEvents.MEMBER_FAILED,
    data: transform({ results }, ({ results }) => eventData(results, ["failed"])),
  }).config({ name: "smaregi-emit-member-failed" })
  const summary = transform({ members, results }, ({ members, results }): SyncMembersResult => ({ claimed: members.length, results }))
  return new WorkflowResponse(summary)
})

/**
 * The workflow's steps after the call, for a caller that sent the rows itself (the backfill's pipeline): record,
 * mirror, mail, and the same events, emitted at once.
 */
export async function recordMemberSync(
  container: MedusaContainer,
  input: { connection_id: string; prepared: PreparedSync; sent: SendResult[]; settings?: ConnectionSettings }
): Promise<MemberSyncResult[]> {
  const results = await recordMemberOutcomes(container, input)
  await mirrorMemberMetadata(container, { connection_id: input.connection_id, results }, input.settings)
  await notifyMemberFailures(container, { connection_id: input.connection_id, results })
  const events = [
    ...eventData(results, ["written", "withdrawn", "deleted"]).map((data) => ({ name: SmaregiEvents.MEMBER_SYNCED, data })),
    ...eventData(results, ["failed"]).map((data) => ({ name: SmaregiEvents.MEMBER_FAILED, data })),
  ]
  if (events.length) await container.resolve(Modules.EVENT_BUS).emit(events)
  return results
}
