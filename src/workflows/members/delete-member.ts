import type { MedusaContainer } from "@medusajs/framework/types"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { QueuedMember } from "./steps/enqueue-members"
import { markMembersForRemovalStep } from "./steps/mark-members-for-removal"
import { resolveMemberConnectionsStep } from "./steps/resolve-member-connections"
import { scheduleMemberSyncStep } from "./steps/schedule-member-sync"

/** OUT-8: a deleted customer's member is withdrawn (status 3 + leaveDate), deleted (D) or kept, per connection. */
export const deleteMemberWorkflow = createWorkflow("smaregi-delete-member", (input: { customer_id: string }) => {
  const connections = resolveMemberConnectionsStep({})
  const queued = markMembersForRemovalStep({ connections, customer_id: input.customer_id })
  scheduleMemberSyncStep(transform({ queued }, ({ queued }) => ({ connection_ids: queued.map((q) => q.connection_id), delay_ms: 0 })))
  return new WorkflowResponse(queued)
})

/** Runs deleteMemberWorkflow (the removal is synced right away). */
export async function removeMember(container: MedusaContainer, customerId: string): Promise<QueuedMember[]> {
  const { result } = await deleteMemberWorkflow(container).run({ input: { customer_id: customerId } })
  return result as QueuedMember[]
}
