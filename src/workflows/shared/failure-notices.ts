import type { CreateNotificationDTO, INotificationModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  configuredNotificationChannels,
  type EmailPayload,
  FEED_CHANNEL,
  FEED_TEMPLATE,
  type FeedData,
} from "../../smaregi/failure-notices"

export type FailureNotices = {
  /** E-mail recipients; none means no e-mail. */
  to: string[]
  email: EmailPayload
  /** The admin feed entry, or null when the connection switched the feed off. */
  feed: FeedData | null
  trigger_type: string
  resource_type: string
  resource_id: string
  /** Unique per failure; the channel and the recipient are appended. */
  idempotencyKey: string
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export function adminUrl(): string | undefined {
  return process.env.MEDUSA_ADMIN_URL
}

/** Whether the store configured a notification provider for `channel`; without one the module throws. */
export function hasNotificationChannel(container: MedusaContainer, channel: string): boolean {
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  return configuredNotificationChannels(config.modules).has(channel)
}

/**
 * Sends a failure's e-mails and its admin feed entry. A notice that cannot be sent is logged and never
 * fails the import or push that produced it. Returns the number of e-mails handed to the provider.
 */
export async function sendFailureNotices(container: MedusaContainer, notices: FailureNotices): Promise<{ mailed: number; fed: boolean }> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const notifications: INotificationModuleService = container.resolve(Modules.NOTIFICATION)
  const common = { trigger_type: notices.trigger_type, resource_type: notices.resource_type, resource_id: notices.resource_id }
  let mailed = 0
  if (notices.to.length) {
    const mails: CreateNotificationDTO[] = notices.to.map((to) => ({
      ...common,
      to,
      channel: "email",
      template: notices.email.template,
      data: notices.email.data,
      ...(notices.email.content ? { content: notices.email.content } : {}),
      idempotency_key: `${notices.idempotencyKey}:email:${to}`,
    }))
    try {
      await notifications.createNotifications(mails)
      mailed = mails.length
    } catch (error) {
      logger.error(`smaregi: failure e-mail for ${notices.resource_type} ${notices.resource_id} could not be sent: ${errorText(error)}`)
    }
  }
  let fed = false
  if (notices.feed && hasNotificationChannel(container, FEED_CHANNEL)) {
    try {
      await notifications.createNotifications({
        ...common,
        to: "",
        channel: FEED_CHANNEL,
        template: FEED_TEMPLATE,
        data: { ...notices.feed },
        idempotency_key: `${notices.idempotencyKey}:feed`,
      })
      fed = true
    } catch (error) {
      logger.error(`smaregi: admin feed notice for ${notices.resource_type} ${notices.resource_id} could not be sent: ${errorText(error)}`)
    }
  }
  return { mailed, fed }
}
