import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { SmaregiEvents } from "../events"
import { runMemberImport } from "../workflows/members/member-import"

/** "Import members": the run records its own progress and outcome; the retry job resumes a stalled one. */
export default async function smaregiMemberImportRequested({ event, container }: SubscriberArgs<{ id: string }>) {
  await runMemberImport(container, event.data.id)
}

export const config: SubscriberConfig = {
  event: SmaregiEvents.MEMBER_IMPORT_REQUESTED,
  context: { subscriberId: "smaregi-run-member-import" },
}
