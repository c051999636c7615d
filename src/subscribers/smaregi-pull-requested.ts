import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { SmaregiEvents } from "../events"
import { runPull } from "../workflows/sales/pull-run"

/** "Pull sales now" / "Import past sales": the run records its own outcome, including failures. */
export default async function smaregiPullRequested({ event, container }: SubscriberArgs<{ id: string }>) {
  await runPull(container, event.data.id)
}

export const config: SubscriberConfig = {
  event: SmaregiEvents.PULL_REQUESTED,
  context: { subscriberId: "smaregi-run-pull" },
}
