import type { MedusaContainer } from "@medusajs/framework/types"
import { memberSyncTiming } from "./config"
import { enqueueMemberSyncWorkflow } from "./enqueue-member-sync"
import { requestMemberFlush } from "./flush"
import type { EnqueueMembersResult } from "./steps/enqueue-members"

export type RequestMemberSyncOptions = {
  connectionId?: string
  /** Sync even if unchanged (admin resync). */
  force?: boolean
  /** Default: SMAREGI_MEMBER_SYNC_DELAY_MS (the coalescing window). */
  delayMs?: number
}

/**
 * Marks the customers' members pending and schedules one coalesced sync per connection. What subscribers and
 * other code (points, batches, subscriptions) call; the `smaregi.member.sync_requested` event ends up here too.
 */
export async function requestMemberSync(
  container: MedusaContainer,
  customerIds: string[],
  options: RequestMemberSyncOptions = {}
): Promise<EnqueueMembersResult> {
  const ids = [...new Set(customerIds.filter(Boolean))]
  if (!ids.length) return { queued: [], skipped: [], proposed: [] }
  const delayMs = options.delayMs ?? memberSyncTiming().delayMs
  const { result } = await enqueueMemberSyncWorkflow(container).run({
    input: { customer_ids: ids, connection_id: options.connectionId ?? null, delay_ms: delayMs, force: options.force },
  })
  const queued = result as EnqueueMembersResult
  for (const connectionId of new Set(queued.queued.map((q) => q.connection_id))) {
    requestMemberFlush(container, connectionId, delayMs)
  }
  return queued
}
