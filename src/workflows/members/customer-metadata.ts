import type { Context, ICustomerModuleService, MedusaContainer } from "@medusajs/framework/types"
import { MedusaContextType, MedusaError, Modules } from "@medusajs/framework/utils"

export type CustomerMetadataPatch = { id: string; patch: Record<string, unknown> }

type MetadataRow = { id: string; metadata: Record<string, unknown> }
/** Merges each row's metadata into its customer; throws when any row could not be written. */
export type MetadataRowsWriter = (rows: MetadataRow[], context: Context) => Promise<void>

const ATTEMPTS = 5
const ROWS_PER_TRANSACTION = 100
const PARALLEL_WRITES = 8

const holds = (metadata: Record<string, unknown> | null | undefined, patch: Record<string, unknown>) =>
  Object.entries(patch).every(([key, value]) => JSON.stringify(metadata?.[key]) === JSON.stringify(value))

// 40001: a save committed after our read (REPEATABLE READ); 40P01: two writers met on rows in opposite order.
const isWriteConflict = (error: unknown) => ["40001", "40P01"].includes(String((error as { code?: unknown })?.code))
// A customer deleted between our read and the write: the next attempt reads it as gone and leaves it out.
const isGone = (error: unknown) => MedusaError.isMedusaError(error) && (error as MedusaError).type === MedusaError.Types.NOT_FOUND

/**
 * The customer module's service is built by Medusa's `MedusaService` factory, whose generated `updateCustomers`
 * takes one row per customer and writes them all in one transaction of the module (its metadata merge and events
 * included). The module shadows that name with an ids-or-selector form that gives every customer the same data, so
 * the generated method is taken from the class it extends. A Medusa without it gets every customer written on its own.
 */
export function customerRowsWriter(customers: ICustomerModuleService): MetadataRowsWriter {
  const generated = generatedRowsUpdate(customers)
  if (!generated) return oneByOneWriter(customers)
  return async (rows, context) => {
    await generated.call(customers, rows, context)
  }
}

export function generatedRowsUpdate(customers: ICustomerModuleService): ((rows: MetadataRow[], context: Context) => Promise<unknown>) | undefined {
  const generated: unknown = Object.getPrototypeOf(Object.getPrototypeOf(customers) ?? {})?.updateCustomers
  return typeof generated === "function" && generated !== customers.updateCustomers ? (generated as never) : undefined
}

/** Every customer in its own transaction of the module (up to PARALLEL_WRITES at once). */
export function oneByOneWriter(customers: ICustomerModuleService): MetadataRowsWriter {
  return async (rows, context) => {
    const queue = [...rows]
    const failures: unknown[] = []
    const writer = async () => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        await customers.updateCustomers(row.id, { metadata: row.metadata }, { ...context }).catch((error: unknown) => failures.push(error))
      }
    }
    await Promise.all(Array.from({ length: Math.min(PARALLEL_WRITES, rows.length) }, writer))
    if (failures.length) throw failures.find((e) => !isGone(e) && !isWriteConflict(e)) ?? failures[0]
  }
}

/**
 * Merges `patch` into each live customer's metadata through the customer module, which merges keys into the stored
 * metadata and emits only `customer.customer.updated` (never `customer.updated`), so the write triggers no sync.
 * Up to ROWS_PER_TRANSACTION customers are read and written in one REPEATABLE READ transaction: a save committed
 * meanwhile makes the write fail instead of being overwritten, and the merge runs again on the saved metadata, so
 * keys saved by someone else are kept. Customers already holding the patch, or deleted, are not written.
 * Patches for the same customer are merged in order. Returns the number of customers written (by the last attempt).
 */
export async function mergeCustomerMetadata(
  container: MedusaContainer,
  patches: CustomerMetadataPatch[],
  writer?: MetadataRowsWriter
): Promise<number> {
  if (!patches.length) return 0
  const customers: ICustomerModuleService = container.resolve(Modules.CUSTOMER)
  const write = writer ?? customerRowsWriter(customers)
  const merged = new Map<string, Record<string, unknown>>()
  for (const { id, patch } of patches) merged.set(id, { ...merged.get(id), ...patch })
  const all = [...merged].map(([id, patch]) => ({ id, patch }))
  let written = 0
  for (let at = 0; at < all.length; at += ROWS_PER_TRANSACTION) {
    written += await mergeRows(customers, write, all.slice(at, at + ROWS_PER_TRANSACTION))
  }
  return written
}

async function mergeRows(customers: ICustomerModuleService, write: MetadataRowsWriter, patches: CustomerMetadataPatch[]): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const current = await customers.listCustomers({ id: patches.map((p) => p.id) }, { select: ["id", "metadata"], take: null })
    const metadataOf = new Map(current.map((c) => [c.id, c.metadata]))
    const due = patches.filter((p) => metadataOf.has(p.id) && !holds(metadataOf.get(p.id), p.patch))
    if (!due.length) return 0
    try {
      // Marked as a context, or a workflow step's container would swap in the workflow's (without the isolation level).
      await write(
        due.map((p) => ({ id: p.id, metadata: p.patch })),
        { __type: MedusaContextType, isolationLevel: "repeatable read" } as Context
      )
      return due.length
    } catch (error) {
      if (!(isWriteConflict(error) || isGone(error)) || attempt >= ATTEMPTS) throw error
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
