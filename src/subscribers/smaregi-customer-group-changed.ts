import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { ICustomerModuleService, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { memberSyncActive } from "../smaregi/settings"
import { memberRecords, smaregiService } from "../workflows/members/store"
import { requestMemberSync } from "../workflows/members/request-member-sync"

// Medusa 2.21 emits no workflow event for group membership: adding/removing customers
// (linkCustomersToCustomerGroupWorkflow, linkCustomerGroupsToCustomerWorkflow) only produces the customer module's
// events for its CustomerGroupCustomer rows, whose payload is the row id.
export const GROUP_CUSTOMER_CREATED = "customer.customer-group-customer.created"
export const GROUP_CUSTOMER_DELETED = "customer.customer-group-customer.deleted"
export const GROUP_DELETED = "customer.customer-group.deleted"

async function groupConnections(container: MedusaContainer) {
  const connections = await smaregiService(container).listPublicConnections()
  return connections.filter(
    (c) => memberSyncActive(c) && (c.settings.rankMapping.length > 0 || !!c.settings.approvalCustomerGroupId)
  )
}

/**
 * OUT-5: a customer moved into or out of a mapped customer group gets their new rank pushed; a customer added to
 * a connection's approval group starts syncing (removed from it, their later changes are no longer pushed).
 */
export default async function smaregiCustomerGroupChanged({ event, container }: SubscriberArgs<{ id: string }>) {
  const connections = await groupConnections(container)
  if (!connections.length) return
  if (event.name === GROUP_CUSTOMER_CREATED) {
    const customers: ICustomerModuleService = container.resolve(Modules.CUSTOMER)
    const [pair] = await customers.listCustomerGroupCustomers({ id: event.data.id }, { take: 1 })
    if (pair) {
      const concerned = connections.some(
        (c) =>
          c.settings.approvalCustomerGroupId === pair.customer_group_id ||
          c.settings.rankMapping.some((r) => r.customer_group_id === pair.customer_group_id)
      )
      if (concerned) await requestMemberSync(container, [pair.customer_id])
      return
    }
  }
  // A removed pair is gone with its customer id: re-check every member whose last row carried a rank;
  // unchanged rows are not pushed.
  for (const connection of connections.filter((c) => c.settings.rankMapping.length > 0)) {
    const customerIds = await memberRecords(container).members.rankedCustomerIds(connection.id)
    if (customerIds.length) await requestMemberSync(container, customerIds, { connectionId: connection.id })
  }
}

export const config: SubscriberConfig = {
  event: [GROUP_CUSTOMER_CREATED, GROUP_CUSTOMER_DELETED, GROUP_DELETED],
  context: { subscriberId: "smaregi-customer-group-changed" },
}
