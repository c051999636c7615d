import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { SmaregiEvents } from "../../events"
import type { PreparedSync } from "./outcomes"
import { claimDueMembersStep } from "./steps/claim-due-members"
import { mirrorMemberMetadataStep } from "./steps/mirror-member-metadata"
import { notifyMemberFailuresStep } from "./steps/notify-member-failures"
import { prepareMemberRowsStep } from "./steps/prepare-member-rows"
import { type MemberSyncResult, recordMemberOutcomesStep } from "./steps/record-member-outcomes"
import { sendMemberRowsStep } from "./steps/send-member-rows"
import { memberEventData } from "./sync-members"

// The backfill's page: syncMembersWorkflow's steps in two halves, so that the next pages are claimed and built
// while the current one waits for its rate-limited call.

export type PreparedMemberPage = { claimed: string[]; prepared: PreparedSync }

/** Claims a page's members and builds their rows (syncMembersWorkflow's first half). */
export const prepareMemberPageWorkflow = createWorkflow(
  "smaregi-prepare-member-page",
  (input: { connection_id: string; member_ids: string[] }) => {
    const members = claimDueMembersStep(input)
    const prepared = prepareMemberRowsStep({ connection_id: input.connection_id, members })
    const page = transform({ members, prepared }, ({ members, prepared }): PreparedMemberPage => ({ claimed: members.map((m) => m.id), prepared }))
    return new WorkflowResponse(page)
  }
)

/** Sends a prepared page and records it, as syncMembersWorkflow's second half does. */
export const sendMemberPageWorkflow = createWorkflow(
  "smaregi-send-member-page",
  (input: { connection_id: string; prepared: PreparedSync }) => {
    const sent = sendMemberRowsStep({ connection_id: input.connection_id, writes: input.prepared.writes })
    const results = recordMemberOutcomesStep({ prepared: input.prepared, sent })
    mirrorMemberMetadataStep({ connection_id: input.connection_id, results })
    notifyMemberFailuresStep({ connection_id: input.connection_id, results })
    emitEventStep({
      eventName: SmaregiEvents.MEMBER_SYNCED,
      data: transform({ results }, ({ results }) => memberEventData(results, ["written", "withdrawn", "deleted"])),
    }).config({ name: "smaregi-emit-member-page-synced" })
    emitEventStep({
      eventName: SmaregiEvents.MEMBER_FAILED,
      data: transform({ results }, ({ results }) => memberEventData(results, ["failed"])),
    }).config({ name: "smaregi-emit-member-page-failed" })
    return new WorkflowResponse(results as unknown as MemberSyncResult[])
  }
)
