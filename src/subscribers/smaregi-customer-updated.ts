import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { requestMemberSync } from "../workflows/members/request-member-sync"

/**
 * A profile change is pushed once per coalescing window. The plugin's own metadata writes go through the customer
 * module, whose event is customer.customer.updated, so they never arrive here; a save without a mapped change ends as an unchanged row and is not pushed.
 */
export default async function smaregiCustomerUpdated({ event, container }: SubscriberArgs<{ id: string }>) {
  await requestMemberSync(container, [event.data.id])
}

export const config: SubscriberConfig = {
  event: "customer.updated",
  context: { subscriberId: "smaregi-customer-updated" },
}
