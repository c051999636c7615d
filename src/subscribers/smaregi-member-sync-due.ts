import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { SmaregiEvents } from "../events"
import { syncMembersWorkflow } from "../workflows/members/sync-members"

/** A connection's wake (emitted with the coalescing delay): its due members are synced; the run schedules the next. */
export default async function smaregiMemberSyncDue({ event, container }: SubscriberArgs<{ connection_id: string }>) {
  await syncMembersWorkflow(container).run({ input: { connection_id: event.data.connection_id } })
}

export const config: SubscriberConfig = {
  event: SmaregiEvents.MEMBER_SYNC_DUE,
  context: { subscriberId: "smaregi-member-sync-due" },
}
