import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"

export async function assertCustomerGroup(scope: MedusaContainer, id: string) {
  const [group] = await scope.resolve(Modules.CUSTOMER).listCustomerGroups({ id }, { take: 1 })
  if (!group) throw new MedusaError(MedusaError.Types.INVALID_DATA, `customer_group_id: customer group ${id} does not exist`)
}
