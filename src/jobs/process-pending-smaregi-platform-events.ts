import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { SmaregiEvents } from "../events"
import { envMs } from "../smaregi/env"
import { SMAREGI_MODULE } from "../modules/smaregi"
import type SmaregiModuleService from "../modules/smaregi/service"

const RETRY_AFTER_MS = 60_000
const MAX_ATTEMPTS = 5

/**
 * Platform webhooks are reportedly never resent: one whose processing was lost (a crash, an undelivered event)
 * or failed (Smaregi unreachable) is tried again every minute (SMAREGI_PLATFORM_EVENTS_INTERVAL_MS), up to five
 * attempts; the pull covers the rest.
 */
export default async function processPendingSmaregiPlatformEvents(container: MedusaContainer): Promise<void> {
  const smaregi = container.resolve<SmaregiModuleService>(SMAREGI_MODULE)
  const ids = await smaregi.platformEvents().pending({ olderThanMs: RETRY_AFTER_MS, maxAttempts: MAX_ATTEMPTS, limit: 100 })
  if (!ids.length) return
  container.resolve(ContainerRegistrationKeys.LOGGER).info(`smaregi: retrying ${ids.length} platform webhook(s)`)
  await container
    .resolve(Modules.EVENT_BUS)
    .emit(ids.map((id) => ({ name: SmaregiEvents.PLATFORM_EVENT_RECEIVED, data: { id } })))
}

export const config = {
  name: "smaregi-process-pending-platform-events",
  schedule: { interval: envMs("SMAREGI_PLATFORM_EVENTS_INTERVAL_MS", 60_000, 1), concurrency: "forbid" as const },
}
