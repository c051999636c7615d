import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { enqueueMembersStep } from "./steps/enqueue-members"
import { loadMemberCustomersStep } from "./steps/load-member-customers"
import { resolveMemberConnectionsStep } from "./steps/resolve-member-connections"

export type EnqueueMemberSyncInput = {
  customer_ids: string[]
  /** Only this connection; default: every enabled connection with member sync on. */
  connection_id?: string | null
  /** When the sync may happen (the coalescing window). */
  delay_ms: number
  force?: boolean
}

/**
 * Marks customers' Smaregi members pending (creating member records with a new customerId/customerCode, or
 * proposing links to existing Smaregi members for an admin to approve), for registered — and, with approval gating, approved — customers only.
 * Syncing is a separate workflow (syncMembersWorkflow); `requestMemberSync` runs both.
 */
export const enqueueMemberSyncWorkflow = createWorkflow("smaregi-enqueue-member-sync", (input: EnqueueMemberSyncInput) => {
  const connections = resolveMemberConnectionsStep({ connection_id: input.connection_id })
  const customers = loadMemberCustomersStep({ customer_ids: input.customer_ids })
  const result = enqueueMembersStep({ connections, customers, delay_ms: input.delay_ms, force: input.force })
  return new WorkflowResponse(result)
})
