import type { ICustomerModuleService, MedusaContainer } from "@medusajs/framework/types"
import { MedusaContextType, MedusaError, Modules } from "@medusajs/framework/utils"

export type CustomerMetadataPatch = { id: string; patch: Record<string, unknown> }

const ATTEMPTS = 5
const PARALLEL_WRITES = 8

const holds = (metadata: Record<string, unknown> | null | undefined, patch: Record<string, unknown>) =>
  Object.entries(patch).every(([key, value]) => JSON.stringify(metadata?.[key]) === JSON.stringify(value))

// 40001: a save committed after our read (REPEATABLE READ); 40P01 cannot happen on one row but is retried alike.
const isWriteConflict = (error: unknown) => ["40001", "40P01"].includes(String((error as { code?: unknown })?.code))

/**
 * Merges `patch` into each live customer's metadata through the customer module, which merges keys into the stored
 * metadata and emits only `customer.customer.updated` (never `customer.updated`), so the write triggers no sync.
 * Each customer is read and written in one REPEATABLE READ transaction: a save committed meanwhile makes the write
 * fail instead of being overwritten, and the merge runs again on the saved metadata, so keys saved by someone else
 * are kept. Customers already holding the patch, or deleted, are not written. Returns the number written.
 */
export async function mergeCustomerMetadata(container: MedusaContainer, patches: CustomerMetadataPatch[]): Promise<number> {
  if (!patches.length) return 0
  const customers: ICustomerModuleService = container.resolve(Modules.CUSTOMER)
  const current = await customers.listCustomers({ id: [...new Set(patches.map((p) => p.id))] }, { select: ["id", "metadata"], take: null })
  const metadataOf = new Map(current.map((c) => [c.id, c.metadata]))
  const due = patches.filter((p) => metadataOf.has(p.id) && !holds(metadataOf.get(p.id), p.patch))
  let written = 0
  const writer = async () => {
    for (let next = due.shift(); next; next = due.shift()) if (await mergeOne(customers, next)) written++
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL_WRITES, due.length) }, writer))
  return written
}

async function mergeOne(customers: ICustomerModuleService, { id, patch }: CustomerMetadataPatch): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      // Marked as a context, or a workflow step's container would swap in the workflow's (without the isolation level).
      await customers.updateCustomers(id, { metadata: patch }, { __type: MedusaContextType, isolationLevel: "repeatable read" })
      return true
    } catch (error) {
      if (MedusaError.isMedusaError(error) && (error as MedusaError).type === MedusaError.Types.NOT_FOUND) return false
      if (!isWriteConflict(error) || attempt >= ATTEMPTS) throw error
    }
  }
}

/** Live customers whose metadata `key` holds one of `values`: value → customer id. */
export async function customersByMetadataValue(container: MedusaContainer, key: string, values: string[]): Promise<Map<string, string>> {
  if (!values.length) return new Map()
  const customers: ICustomerModuleService = container.resolve(Modules.CUSTOMER)
  // The module's filter type has no metadata, but its query builder passes a JSON-key filter through to the ORM.
  const filter = { metadata: { [key]: [...new Set(values)] } } as unknown as Parameters<ICustomerModuleService["listCustomers"]>[0]
  const found = await customers.listCustomers(filter, { select: ["id", "metadata"], take: null })
  return new Map(found.map((c) => [String(c.metadata?.[key]), c.id]))
}
