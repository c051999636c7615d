import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { ICustomerModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { requestMemberSync } from "../workflows/members/request-member-sync"

// The address workflows emit no `customer.updated`; only the customer module's events for the address row.
export const ADDRESS_CREATED = "customer.customer-address.created"
export const ADDRESS_UPDATED = "customer.customer-address.updated"

/** The default address feeds postCode/address: a new or edited address is pushed like a profile change. */
export default async function smaregiCustomerAddressChanged({ event, container }: SubscriberArgs<{ id: string }>) {
  const customers: ICustomerModuleService = container.resolve(Modules.CUSTOMER)
  const [address] = await customers.listCustomerAddresses({ id: event.data.id }, { select: ["id", "customer_id"], take: 1 })
  if (address?.customer_id) await requestMemberSync(container, [address.customer_id])
}

export const config: SubscriberConfig = {
  event: [ADDRESS_CREATED, ADDRESS_UPDATED],
  context: { subscriberId: "smaregi-customer-address-changed" },
}
