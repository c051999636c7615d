import type { MedusaContainer } from "@medusajs/framework/types"
import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { requestMemberFlush } from "./flush"
import type { QueuedMember } from "./steps/enqueue-members"
import { markMembersForRemovalStep } from "./steps/mark-members-for-removal"
import { resolveMemberConnectionsStep } from "./steps/resolve-member-connections"

/** OUT-8: a deleted customer's member is withdrawn (status 3 + leaveDate), deleted (D) or kept, per connection. */
export const deleteMemberWorkflow = createWorkflow("smaregi-delete-member", (input: { customer_id: string }) => {
  const connections = resolveMemberConnectionsStep({})
  const queued = markMembersForRemovalStep({ connections, customer_id: input.customer_id })
  return new WorkflowResponse(queued)
})

/** Runs deleteMemberWorkflow and syncs the removal right away. */
export async function removeMember(container: MedusaContainer, customerId: string): Promise<QueuedMember[]> {
  const { result } = await deleteMemberWorkflow(container).run({ input: { customer_id: customerId } })
  const queued = result as QueuedMember[]
  for (const connectionId of new Set(queued.map((q) => q.connection_id))) requestMemberFlush(container, connectionId, 0)
  return queued
}
