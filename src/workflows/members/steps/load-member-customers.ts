import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { type LoadedCustomer, loadCustomers } from "../customers"

export const loadMemberCustomersStep = createStep(
  "smaregi-load-member-customers",
  async (input: { customer_ids: string[] }, { container }) => {
    const customers: LoadedCustomer[] = [...(await loadCustomers(container, input.customer_ids)).values()]
    return new StepResponse(customers)
  }
)
