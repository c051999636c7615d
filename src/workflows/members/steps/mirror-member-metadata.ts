import type { MedusaContainer } from "@medusajs/framework/types"
import { mergeCustomerMetadata } from "../customer-metadata"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { smaregiService } from "../store"
import type { MemberSyncResult } from "./record-member-outcomes"

const MIRRORED_STATUSES = new Set(["synced", "failed", "pending"])

/**
 * Mirrors member code, synced-at and status into customer metadata (the three 会員自由項目), merged into the stored
 * metadata through the customer module: its event is not `customer.updated`, so the write cannot trigger another
 * sync; customers whose metadata already holds these values are not written at all.
 */
async function mirrorMemberMetadata(container: MedusaContainer, input: { connection_id: string; results: MemberSyncResult[] }): Promise<number> {
  const results = input.results.filter((r) => MIRRORED_STATUSES.has(r.status))
  if (!results.length) return 0
  const keys = (await smaregiService(container).getPublicConnection(input.connection_id)).settings.metadataKeys
  const patches = new Map<string, Record<string, unknown>>()
  for (const result of results) {
    const patch: Record<string, unknown> = { [keys.memberCode]: result.customer_code, [keys.syncStatus]: result.status }
    if (result.last_synced_at) patch[keys.syncedAt] = result.last_synced_at
    patches.set(result.customer_id, patch)
  }
  return mergeCustomerMetadata(container, [...patches].map(([id, patch]) => ({ id, patch })))
}

export const mirrorMemberMetadataStep = createStep(
  "smaregi-mirror-member-metadata",
  async (input: { connection_id: string; results: MemberSyncResult[] }, { container }) =>
    new StepResponse(await mirrorMemberMetadata(container, input))
)
