import type { MedusaContainer } from "@medusajs/framework/types"
import { memberSyncTiming } from "./config"
import { type EnqueueMemberSyncResult, enqueueMemberSyncWorkflow } from "./enqueue-member-sync"

export type RequestMemberSyncOptions = {
  connectionId?: string
  /** Sync even if unchanged (admin resync). */
  force?: boolean
  /** Default: SMAREGI_MEMBER_SYNC_DELAY_MS (the coalescing window). */
  delayMs?: number
}

/**
 * Marks the customers' members pending; one coalesced sync per connection follows (enqueueMemberSyncWorkflow).
 * What subscribers and other code (points, batches, subscriptions) call; the `smaregi.member.sync_requested`
 * event ends up here too.
 */
export async function requestMemberSync(
  container: MedusaContainer,
  customerIds: string[],
  options: RequestMemberSyncOptions = {}
): Promise<EnqueueMemberSyncResult> {
  const ids = [...new Set(customerIds.filter(Boolean))]
  if (!ids.length) return { queued: [], skipped: [], proposed: [] }
  const { result } = await enqueueMemberSyncWorkflow(container).run({
    input: { customer_ids: ids, connection_id: options.connectionId ?? null, delay_ms: options.delayMs ?? memberSyncTiming().delayMs, force: options.force },
  })
  return result as EnqueueMemberSyncResult
}
