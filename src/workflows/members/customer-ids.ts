import type { ConnectionSettings } from "../../smaregi/settings"
import type { SmaregiTransport } from "../../modules/smaregi/transport/types"
import { MAX_ALLOCATED_CUSTOMER_ID, checkNewCustomerIds, lookAheadIds, parseHighestCustomerId } from "../../smaregi/customer-ids"
import { formatMemberCode } from "../../smaregi/member-mapping"
import { memberSyncTiming } from "./config"
import type { ClaimedMember, SmaregiRecords } from "../../modules/smaregi/repositories"

// OUT-11: customer_upd inserts or overwrites by customerId, so a new id is written only above Smaregi's highest id
// (the floor) and only after customer_ref has shown it unused.

/** How many times a batch may find its fresh ids taken (the register creating members meanwhile) before it waits. */
const MAX_CHECK_ROUNDS = 5

/** Reads Smaregi's highest customerId and stores it as the connection's floor (which only rises). */
export async function readCustomerIdFloor(store: SmaregiRecords, transport: SmaregiTransport, connectionId: string, atLeast = 0): Promise<number> {
  const highest = parseHighestCustomerId(await transport.highestCustomerId())
  return store.customerIds.recordCustomerIdFloor(connectionId, Math.max(highest, atLeast))
}

/** The connection's floor, read from Smaregi first when it was never read. */
export async function ensureCustomerIdFloor(store: SmaregiRecords, transport: SmaregiTransport, connectionId: string): Promise<number> {
  return (await store.customerIds.customerIdFloor(connectionId)) ?? readCustomerIdFloor(store, transport, connectionId)
}

/** A member that holds a Smaregi customerId (a Platform member waiting for its creation holds none). */
export const hasSmaregiId = <T extends { smaregi_customer_id: string | null }>(member: T): member is T & { smaregi_customer_id: string } =>
  !!member.smaregi_customer_id

/** A member whose customerId has never been written to Smaregi by us. */
export const isFirstWrite = (member: ClaimedMember): boolean => !member.last_synced_at && !member.linked_existing

async function reassign(
  store: SmaregiRecords,
  connectionId: string,
  settings: ConnectionSettings,
  members: ClaimedMember[],
  reassigned: Set<string>,
  assignsCustomerId = false
): Promise<void> {
  const ids = await store.customerIds.allocateCustomerIds(connectionId, members.length)
  for (const [i, member] of members.entries()) {
    const identity = {
      smaregi_customer_id: assignsCustomerId ? null : String(ids[i]),
      customer_code: formatMemberCode(ids[i], settings.memberCode),
      linked_existing: false,
    }
    await store.members.relink(member.id, identity)
    Object.assign(member, identity, { last_error_code: null })
    reassigned.add(member.id)
  }
}

/**
 * Makes sure each member about to be written for the first time has an id above the floor that no Smaregi member
 * uses; a used id is skipped (the floor is read again and the member moves above it), never overwritten. The members
 * are updated in place. Returns the members whose ids could not be cleared (still taken after MAX_CHECK_ROUNDS).
 */
export async function clearNewCustomerIds(
  store: SmaregiRecords,
  transport: SmaregiTransport,
  connectionId: string,
  settings: ConnectionSettings,
  members: ClaimedMember[]
): Promise<ClaimedMember[]> {
  let toCheck = members
  if (!toCheck.length) return []
  let floor = await ensureCustomerIdFloor(store, transport, connectionId)
  const reassigned = new Set<string>()
  const idOf = (m: ClaimedMember): string => m.smaregi_customer_id ?? ""
  const clearanceMs = memberSyncTiming().idClearanceMs
  // While the clearance lasts, one look clears the next batches: a backfill looks once per clearance, not per write.
  const lookAhead = lookAheadIds(settings.rateLimitPerSecond, settings.memberBatchSize, clearanceMs)
  for (let round = 0; round < MAX_CHECK_ROUNDS && toCheck.length; round++) {
    // A member without an id (left by a Platform connection switched to v2) gets one here like a stale one.
    await reassign(store, connectionId, settings, toCheck.filter((m) => !hasSmaregiId(m) || Number(m.smaregi_customer_id) <= floor), reassigned)
    const ids = toCheck.map((m) => Number(idOf(m)))
    if (round === 0 && lookAhead > 0) {
      // Pages prepared side by side: the later one waits for the earlier one's look, which may clear its ids too.
      await store.customerIds.lookAnswered(connectionId)
      if (store.customerIds.idsShownUnused(connectionId, ids, clearanceMs)) return []
    }
    const from = Math.min(...ids)
    const to = Math.max(...ids)
    const through = round === 0 && lookAhead > 0 ? Math.min(Math.max(to, from + lookAhead - 1), MAX_ALLOCATED_CUSTOMER_ID) : to
    const { rows } = await store.customerIds.look(connectionId, async () => {
      const sentAt = Date.now()
      const answer = await transport.findMembers({
        fields: ["customerId", "customerCode"],
        customerIdsBetween: { from: String(from), to: String(through) },
      })
      if (!answer.rows.length) store.customerIds.noteIdsUnused(connectionId, from, through, sentAt)
      return answer
    })
    const { taken } = checkNewCustomerIds(
      toCheck.map((m) => ({
        customerId: idOf(m),
        customerCode: m.customer_code,
        attempted: !reassigned.has(m.id) && (m.attempts > 0 || m.last_error_code !== null),
      })),
      rows
    )
    if (!taken.length) return []
    const takenIds = new Set(taken)
    toCheck = toCheck.filter((m) => takenIds.has(idOf(m)))
    floor = await readCustomerIdFloor(store, transport, connectionId, Math.max(...taken.map(Number)))
  }
  return toCheck
}

/**
 * The Platform API counterpart: Smaregi assigns the id, but the member code is ours, and a write without an id finds
 * its member by code (a create whose answer was lost). So before a new member's first write its code must be no other
 * Smaregi member's: a taken code is replaced by a fresh one, never written over. After an attempt, a member with the
 * code may be our own lost create and is left to the transport. Returns the members whose codes stayed taken.
 */
export async function clearNewMemberCodes(
  store: SmaregiRecords,
  transport: SmaregiTransport,
  connectionId: string,
  settings: ConnectionSettings,
  members: ClaimedMember[]
): Promise<ClaimedMember[]> {
  const reassigned = new Set<string>()
  let toCheck = members.filter((m) => !(m.attempts > 0 || m.last_error_code !== null))
  for (let round = 0; round < MAX_CHECK_ROUNDS && toCheck.length; round++) {
    const taken: ClaimedMember[] = []
    for (const member of toCheck) {
      const { rows } = await transport.findMembers({ fields: ["customerId", "customerCode"], match: { customerCode: member.customer_code } })
      if (rows.length) taken.push(member)
    }
    if (!taken.length) return []
    await reassign(store, connectionId, settings, taken, reassigned, true)
    toCheck = taken
  }
  return toCheck
}
