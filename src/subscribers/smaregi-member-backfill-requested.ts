import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { SmaregiEvents } from "../events"
import { runMemberBackfill } from "../workflows/members/backfill"
import { memberRecords } from "../workflows/members/store"

/** "Backfill members": the runner holding the backfill's lease goes page by page; the retry job resumes a silent one. */
export default async function smaregiMemberBackfillRequested({ event, container }: SubscriberArgs<{ id: string }>) {
  try {
    await runMemberBackfill(container, event.data.id)
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    container.resolve(ContainerRegistrationKeys.LOGGER).error(`smaregi: member backfill ${event.data.id} failed: ${message}`)
    await memberRecords(container)
      .backfills.noteBackfillError(event.data.id, message)
      .catch(() => undefined)
  }
}

export const config: SubscriberConfig = {
  event: SmaregiEvents.MEMBER_BACKFILL_REQUESTED,
  context: { subscriberId: "smaregi-run-member-backfill" },
}
