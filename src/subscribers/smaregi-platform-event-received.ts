import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { SmaregiEvents } from "../events"
import { SMAREGI_MODULE } from "../modules/smaregi"
import type SmaregiModuleService from "../modules/smaregi/service"
import { processPlatformEventWorkflow } from "../workflows/platform/process-platform-event"

/** A stored Platform webhook: re-read its ids; a failure is recorded on the event and retried by the pending job. */
export default async function smaregiPlatformEventReceived({ event, container }: SubscriberArgs<{ id: string }>) {
  try {
    await processPlatformEventWorkflow(container).run({ input: { id: event.data.id } })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`smaregi: platform webhook ${event.data.id} failed: ${message}`)
    await container
      .resolve<SmaregiModuleService>(SMAREGI_MODULE)
      .platformEvents()
      .finish(event.data.id, { status: "failed", error: message })
  }
}

export const config: SubscriberConfig = {
  event: SmaregiEvents.PLATFORM_EVENT_RECEIVED,
  context: { subscriberId: "smaregi-process-platform-event" },
}
