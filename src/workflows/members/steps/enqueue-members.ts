import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { formatMemberCode, memberEligibility } from "../../../smaregi/member-mapping"
import type { LoadedCustomer } from "../customers"
import { ensureCustomerIdFloor } from "../customer-ids"
import { type ExistingMember, findExistingMembers } from "../link-existing"
import type { NewMember } from "../../../modules/smaregi/repositories"
import { memberRecords, smaregiService } from "../store"
import type { MemberConnection } from "./resolve-member-connections"

export type EnqueueMembersInput = {
  connections: MemberConnection[]
  customers: LoadedCustomer[]
  delay_ms: number
  /** Sync even if the row equals the last one sent (admin resync). */
  force?: boolean
}

export type QueuedMember = { connection_id: string; member_id: string; customer_id: string; created: boolean }
export type SkippedCustomer = { connection_id: string; customer_id: string; reason: "guest" | "not_approved" }
/** proposed: pending links to existing Smaregi members, waiting for an admin (never sent before approval). */
export type EnqueueMembersResult = { queued: QueuedMember[]; skipped: SkippedCustomer[]; proposed: QueuedMember[] }

/** Marked when the customer_ref look-up failed: the sync step looks again before the first sync. */
export const LINK_UNVERIFIED = "link_unverified"

async function lookUpExisting(
  container: MedusaContainer,
  connection: MemberConnection,
  customers: LoadedCustomer[]
): Promise<{ found: Map<string, ExistingMember>; error: string | null }> {
  const by = connection.settings.linkExistingBy
  if (by === "none" || !customers.length) return { found: new Map(), error: null }
  try {
    const transport = await smaregiService(container).transportFor(connection.id)
    const found = await findExistingMembers(transport, by, customers)
    const inUse = await memberRecords(container).members.smaregiIdsInUse(
      connection.id,
      [...found.values()].map((m) => m.smaregi_customer_id)
    )
    for (const [customerId, member] of found) if (inUse.has(member.smaregi_customer_id)) found.delete(customerId)
    return { found, error: null }
  } catch (e) {
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    const message = e instanceof Error ? e.message : String(e)
    logger.warn(`smaregi: customer_ref look-up for existing members failed, will retry before the first sync: ${message}`)
    return { found: new Map(), error: `Could not look up an existing Smaregi member: ${message}` }
  }
}

// OUT-11: the first allocation of a connection comes after Smaregi's highest customerId. If it cannot be read now,
// the sync step reads it (and moves the member above it) before the first write.
async function readFloorIfUnknown(container: MedusaContainer, connectionId: string): Promise<void> {
  const store = memberRecords(container)
  if ((await store.customerIds.customerIdFloor(connectionId)) !== null) return
  try {
    await ensureCustomerIdFloor(store, await smaregiService(container).transportFor(connectionId), connectionId)
  } catch (e) {
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    logger.warn(`smaregi: could not read the highest Smaregi customerId yet, will before the first sync: ${e instanceof Error ? e.message : String(e)}`)
  }
}

async function enqueueForConnection(
  container: MedusaContainer,
  connection: MemberConnection,
  input: EnqueueMembersInput,
  result: EnqueueMembersResult
): Promise<void> {
  const store = memberRecords(container)
  const eligible: LoadedCustomer[] = []
  for (const customer of input.customers) {
    const verdict = memberEligibility(customer, connection.settings.approvalCustomerGroupId)
    if (verdict.eligible) eligible.push(customer)
    else result.skipped.push({ connection_id: connection.id, customer_id: customer.id, reason: verdict.reason })
  }
  if (!eligible.length) return

  const existing = await store.members.membersOf(connection.id, eligible.map((c) => c.id))
  const known = new Set(existing.map((m) => m.customer_id))
  const marked = await store.members.markPending(connection.id, [...known], { delayMs: input.delay_ms, force: input.force })
  for (const m of marked) result.queued.push({ connection_id: connection.id, member_id: m.id, customer_id: m.customer_id, created: false })

  const fresh = eligible.filter((c) => !known.has(c.id))
  if (!fresh.length) return
  const { found, error } = await lookUpExisting(container, connection, fresh)
  const toAllocate = fresh.filter((c) => !found.has(c.id))
  if (toAllocate.length) await readFloorIfUnknown(container, connection.id)
  const ids = await store.customerIds.allocateCustomerIds(connection.id, toAllocate.length)
  const allocated = new Map(toAllocate.map((c, i) => [c.id, ids[i]]))
  const rows: NewMember[] = fresh.map((c) => {
    const existingMember = found.get(c.id)
    // Medusa verifies no e-mail or phone: a match is only a proposal, linked when an admin approves it.
    if (existingMember) return { customer_id: c.id, ...existingMember, linked_existing: true, link_pending: true, link_source: "signup" }
    const id = allocated.get(c.id) as number
    return {
      customer_id: c.id,
      // The allocated number still makes the member code; a Platform member's id comes from Smaregi's answer.
      smaregi_customer_id: connection.assigns_customer_id ? null : String(id),
      customer_code: formatMemberCode(id, connection.settings.memberCode),
      linked_existing: false,
      last_error_code: error ? LINK_UNVERIFIED : null,
      last_error: error,
    }
  })
  const inserted = await store.members.insertPendingMembers(connection.id, rows, input.delay_ms)
  for (const m of inserted) {
    const queued = { connection_id: connection.id, member_id: m.id, customer_id: m.customer_id, created: true }
    if (m.status === "link_pending") result.proposed.push(queued)
    else result.queued.push(queued)
  }

  // A concurrent enqueue created these first: just mark them (the ids allocated here stay unused, never reused).
  const insertedIds = new Set(inserted.map((m) => m.customer_id))
  const raced = fresh.filter((c) => !insertedIds.has(c.id)).map((c) => c.id)
  const remarked = await store.members.markPending(connection.id, raced, { delayMs: input.delay_ms, force: input.force })
  for (const m of remarked) result.queued.push({ connection_id: connection.id, member_id: m.id, customer_id: m.customer_id, created: false })
}

/** Marks each eligible customer's member pending, creating it (new id and code, or a pending link to an existing member). */
async function enqueueMembers(container: MedusaContainer, input: EnqueueMembersInput): Promise<EnqueueMembersResult> {
  const result: EnqueueMembersResult = { queued: [], skipped: [], proposed: [] }
  for (const connection of input.connections) await enqueueForConnection(container, connection, input, result)
  return result
}

export const enqueueMembersStep = createStep("smaregi-enqueue-members", async (input: EnqueueMembersInput, { container }) => {
  return new StepResponse(await enqueueMembers(container, input))
})
