import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { SmaregiEvents } from "../../events"
import { claimDueMembersStep } from "./steps/claim-due-members"
import { mirrorMemberMetadataStep } from "./steps/mirror-member-metadata"
import { notifyMemberFailuresStep } from "./steps/notify-member-failures"
import { prepareMemberRowsStep } from "./steps/prepare-member-rows"
import { type MemberSyncResult, recordMemberOutcomesStep } from "./steps/record-member-outcomes"
import { scheduleNextMemberSyncStep } from "./steps/schedule-next-member-sync"
import { sendMemberRowsStep } from "./steps/send-member-rows"

export type SyncMembersInput = {
  connection_id: string
  /** Only these members (still only when pending and due). */
  member_ids?: string[]
  limit?: number
}

export type SyncMembersResult = { claimed: number; results: MemberSyncResult[] }

export const memberEventData = (results: MemberSyncResult[], outcomes: string[]) =>
  results
    .filter((r) => outcomes.includes(r.outcome))
    .map((r) => ({ id: r.member_id, customer_id: r.customer_id, connection_id: r.connection_id, status: r.status }))

/**
 * Syncs due pending members of one connection: build rows from the customers' current state, skip unchanged
 * rows, customer_upd in batches, record synced / retry-with-backoff / failed, mirror the state into customer
 * metadata, mail failures, then schedule the next run. The smaregi.member.sync_due subscriber runs it; so do the
 * retry job and the backfill (a page's members).
 */
export const syncMembersWorkflow = createWorkflow("smaregi-sync-members", (input: SyncMembersInput) => {
  const members = claimDueMembersStep(input)
  const claimed = transform({ members }, ({ members }) => members.length)
  const prepared = prepareMemberRowsStep({ connection_id: input.connection_id, members })
  const sent = sendMemberRowsStep({ connection_id: input.connection_id, writes: prepared.writes })
  const results = recordMemberOutcomesStep({ prepared, sent })
  mirrorMemberMetadataStep({ connection_id: input.connection_id, results })
  notifyMemberFailuresStep({ connection_id: input.connection_id, results })
  emitEventStep({
    eventName: SmaregiEvents.MEMBER_SYNCED,
    data: transform({ results }, ({ results }) => memberEventData(results, ["written", "withdrawn", "deleted"])),
  }).config({ name: "smaregi-emit-member-synced" })
  emitEventStep({
    eventName: SmaregiEvents.MEMBER_FAILED,
    data: transform({ results }, ({ results }) => memberEventData(results, ["failed"])),
  }).config({ name: "smaregi-emit-member-failed" })
  // A run for given members (the backfill's pages) leaves the connection's other due members to their own wake.
  when({ input }, ({ input }) => !input.member_ids).then(() => {
    scheduleNextMemberSyncStep({ connection_id: input.connection_id, claimed })
  })
  const summary = transform({ members, results }, ({ members, results }): SyncMembersResult => ({ claimed: members.length, results }))
  return new WorkflowResponse(summary)
})
