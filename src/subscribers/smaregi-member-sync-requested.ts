import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { SmaregiEvents } from "../events"
import { requestMemberSync } from "../workflows/members/request-member-sync"

type SyncRequested = { customer_id?: string; customer_ids?: string[]; reason?: string }

/** What points, batches and subscriptions emit when a customer's member data (e.g. the balance) changed. */
export default async function smaregiMemberSyncRequested({ event, container }: SubscriberArgs<SyncRequested>) {
  const ids = [...(event.data.customer_ids ?? []), ...(event.data.customer_id ? [event.data.customer_id] : [])]
  await requestMemberSync(container, ids)
}

export const config: SubscriberConfig = {
  event: SmaregiEvents.MEMBER_SYNC_REQUESTED,
  context: { subscriberId: "smaregi-member-sync-requested" },
}
