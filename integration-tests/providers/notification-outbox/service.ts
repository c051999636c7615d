import { appendFileSync, existsSync, readFileSync } from "node:fs"
import type { ProviderSendNotificationDTO, ProviderSendNotificationResultsDTO } from "@medusajs/framework/types"
import { AbstractNotificationProviderService, MedusaError } from "@medusajs/framework/utils"

type Options = { file: string }

/** What the stub "delivered": a raw-content message, or a message rendered from a provider template. */
export type OutboxMessage =
  | { to: string; channel: string; kind: "content"; subject: string | undefined; html: string | undefined; text: string | undefined; data: unknown }
  | { to: string; channel: string; kind: "template"; templateId: string; data: unknown }

/**
 * A stand-in for raw-content e-mail providers such as SendGrid's: `content` is sent as is (subject + html
 * required), and without `content` the `template` is taken as the provider's template id. Each delivered
 * message is appended as one JSON line to `options.file`, which the test reads back.
 */
export default class OutboxNotificationService extends AbstractNotificationProviderService {
  static identifier = "notification-outbox"
  private readonly file: string

  constructor(_container: unknown, options: Options) {
    super()
    this.file = options.file
  }

  static validateOptions(options: Record<string, unknown>): void {
    if (typeof options.file !== "string" || !options.file) throw new Error("notification-outbox: options.file is required")
  }

  async send(notification: ProviderSendNotificationDTO): Promise<ProviderSendNotificationResultsDTO> {
    let message: OutboxMessage
    if (notification.content) {
      const { subject, html, text } = notification.content
      if (!subject || !html) throw new MedusaError(MedusaError.Types.INVALID_DATA, "content without subject or html cannot be sent")
      message = { to: notification.to, channel: notification.channel, kind: "content", subject, html, text, data: notification.data }
    } else {
      if (!notification.template) throw new MedusaError(MedusaError.Types.INVALID_DATA, "no content and no template id")
      message = { to: notification.to, channel: notification.channel, kind: "template", templateId: notification.template, data: notification.data }
    }
    appendFileSync(this.file, `${JSON.stringify(message)}\n`)
    return { id: `outbox_${Date.now()}` }
  }
}

export function readOutbox(file: string): OutboxMessage[] {
  if (!existsSync(file)) return []
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as OutboxMessage)
}
