import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { type EnqueueMembersResult, enqueueMembersStep } from "./steps/enqueue-members"
import { loadMemberCustomersStep } from "./steps/load-member-customers"
import { resolveMemberConnectionsStep } from "./steps/resolve-member-connections"
import { scheduleMemberSyncStep } from "./steps/schedule-member-sync"

export type EnqueueMemberSyncInput = {
  customer_ids: string[]
  /** Only this connection; default: every enabled connection with member sync on. */
  connection_id?: string | null
  /** When the sync may happen (the coalescing window). */
  delay_ms: number
  force?: boolean
  /** false: no wake is scheduled (the backfill syncs its pages itself). Default true. */
  schedule?: boolean
}

export type EnqueueMemberSyncResult = EnqueueMembersResult

/**
 * Marks customers' Smaregi members pending (creating member records with a new customerId/customerCode, or
 * proposing links to existing Smaregi members for an admin to approve), for registered — and, with approval
 * gating, approved — customers only, then schedules one coalesced smaregi.member.sync_due per connection
 * `delay_ms` from now, whose subscriber runs syncMembersWorkflow.
 */
export const enqueueMemberSyncWorkflow = createWorkflow("smaregi-enqueue-member-sync", (input: EnqueueMemberSyncInput) => {
  const connections = resolveMemberConnectionsStep({ connection_id: input.connection_id })
  const customers = loadMemberCustomersStep({ customer_ids: input.customer_ids })
  const result = enqueueMembersStep({ connections, customers, delay_ms: input.delay_ms, force: input.force })
  when({ input, result }, ({ input, result }) => input.schedule !== false && result.queued.length > 0).then(() => {
    scheduleMemberSyncStep(
      transform({ input, result }, ({ input, result }) => ({ connection_ids: result.queued.map((q) => q.connection_id), delay_ms: input.delay_ms }))
    )
  })
  return new WorkflowResponse(result)
})
