import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { removeMember } from "../workflows/members/delete-member"

/** OUT-8: withdraw, delete or keep the Smaregi member, per connection setting. */
export default async function smaregiCustomerDeleted({ event, container }: SubscriberArgs<{ id: string }>) {
  await removeMember(container, event.data.id)
}

export const config: SubscriberConfig = {
  event: "customer.deleted",
  context: { subscriberId: "smaregi-customer-deleted" },
}
