import type { ICustomerModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { smaregiService } from "../store"
import type { MemberPushResult } from "./record-member-outcomes"

const MIRRORED_STATUSES = new Set(["synced", "failed", "pending"])
const WRITE_CONCURRENCY = 20

/**
 * Mirrors member code, synced-at and status into customer metadata (the three 会員自由項目). Written through the
 * customer module service, which emits only `customer.customer.updated` — never `customer.updated` — so the write
 * cannot trigger another push; customers whose metadata already matches are not written at all.
 */
export const mirrorMemberMetadataStep = createStep(
  "smaregi-mirror-member-metadata",
  async (input: { connection_id: string; results: MemberPushResult[] }, { container }) => {
    const results = input.results.filter((r) => MIRRORED_STATUSES.has(r.status))
    if (!results.length) return new StepResponse(0)
    const { settings } = await smaregiService(container).getPublicConnection(input.connection_id)
    const keys = settings.metadataKeys
    const customers: ICustomerModuleService = container.resolve(Modules.CUSTOMER)
    const current = await customers.listCustomers({ id: results.map((r) => r.customer_id) }, { select: ["id", "metadata"], take: null })
    const metadataOf = new Map(current.map((c) => [c.id, c.metadata ?? {}]))
    const writes: Array<{ id: string; metadata: Record<string, unknown> }> = []
    for (const result of results) {
      const metadata = metadataOf.get(result.customer_id)
      if (!metadata) continue
      const wanted: Record<string, unknown> = { [keys.memberCode]: result.customer_code, [keys.syncStatus]: result.status }
      if (result.last_synced_at) wanted[keys.syncedAt] = result.last_synced_at
      if (Object.entries(wanted).every(([k, v]) => metadata[k] === v)) continue
      writes.push({ id: result.customer_id, metadata: { ...metadata, ...wanted } })
    }
    for (let i = 0; i < writes.length; i += WRITE_CONCURRENCY) {
      await Promise.all(writes.slice(i, i + WRITE_CONCURRENCY).map((w) => customers.updateCustomers(w.id, { metadata: w.metadata })))
    }
    return new StepResponse(writes.length)
  }
)
