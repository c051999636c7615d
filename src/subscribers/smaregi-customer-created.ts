import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { requestMemberSync } from "../workflows/members/request-member-sync"

/** A new registered customer becomes a Smaregi member (guests and unapproved customers are skipped). */
export default async function smaregiCustomerCreated({ event, container }: SubscriberArgs<{ id: string }>) {
  await requestMemberSync(container, [event.data.id])
}

export const config: SubscriberConfig = {
  event: "customer.created",
  context: { subscriberId: "smaregi-customer-created" },
}
