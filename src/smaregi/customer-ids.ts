import type { SmaregiRow } from "./client"

/** Largest customerId the plugin allocates (the same bound as the customerIdStart setting). */
export const MAX_ALLOCATED_CUSTOMER_ID = 2_000_000_000

/** The customer_ref query that finds Smaregi's highest customerId (its "floor" for our allocations). */
export const HIGHEST_CUSTOMER_ID_QUERY = { fields: ["customerId"], order: ["customerId desc"], limit: 1 }

/** Smaregi's highest customerId from an answer to HIGHEST_CUSTOMER_ID_QUERY; 0 when the contract has no member. */
export function highestCustomerId(rows: readonly SmaregiRow[]): number {
  return parseHighestCustomerId(rows[0]?.customerId ?? null)
}

/** Smaregi's highest customerId as read (null or "" when the contract has no member), checked to be allocatable above. */
export function parseHighestCustomerId(raw: string | null): number {
  if (raw === null || raw === "") return 0
  if (!/^\d{1,10}$/.test(raw)) throw new RangeError(`customer_ref: highest customerId ${JSON.stringify(raw)} is not a number`)
  const id = Number(raw)
  if (id >= MAX_ALLOCATED_CUSTOMER_ID) {
    throw new RangeError(`customer_ref: Smaregi already uses customerId ${id}; no id above it can be allocated (max ${MAX_ALLOCATED_CUSTOMER_ID})`)
  }
  return id
}

/**
 * How far above a batch's first id its customer_ref also looks (OUT-11): twice the ids the connection can write while
 * one look vouches for them, so at full pace a look runs out by time, never first by range. 0 without a clearance.
 */
export function lookAheadIds(writesPerSecond: number, rowsPerWrite: number, clearanceMs: number): number {
  if (clearanceMs <= 0) return 0
  return 2 * Math.ceil((writesPerSecond * rowsPerWrite * clearanceMs) / 1000)
}

/** The lowest id a connection may allocate: above Smaregi's highest id and not below customerIdStart. */
export function lowestAllocatableId(customerIdStart: number, floor: number | null): number {
  return Math.max(customerIdStart, (floor ?? 0) + 1)
}

export type NewIdCandidate = {
  customerId: string
  customerCode: string
  /** An earlier push of this member may have reached Smaregi (its answer lost). */
  attempted: boolean
}

export type NewIdCheck = {
  /** No Smaregi member has the id. */
  free: string[]
  /** Our own earlier write: same id, same code, after an attempt whose answer was lost. */
  ours: string[]
  /** Someone else's member: never write to it. */
  taken: string[]
}

/** Sorts ids about to be written for the first time by what customer_ref found at them. */
export function checkNewCustomerIds(candidates: readonly NewIdCandidate[], found: readonly SmaregiRow[]): NewIdCheck {
  const byId = new Map(found.filter((r) => r.customerId).map((r) => [String(Number(r.customerId)), r]))
  const result: NewIdCheck = { free: [], ours: [], taken: [] }
  for (const c of candidates) {
    const row = byId.get(String(Number(c.customerId)))
    if (!row) result.free.push(c.customerId)
    else if (c.attempted && row.customerCode === c.customerCode) result.ours.push(c.customerId)
    else result.taken.push(c.customerId)
  }
  return result
}

/** One customer_ref condition covering every id of `ids` (one call instead of one per id). */
export function customerIdRange(ids: readonly string[]): { "customerId >=": string; "customerId <=": string } {
  if (!ids.length) throw new RangeError("customerIdRange: at least one id is required")
  const numbers = ids.map(Number)
  return { "customerId >=": String(Math.min(...numbers)), "customerId <=": String(Math.max(...numbers)) }
}
