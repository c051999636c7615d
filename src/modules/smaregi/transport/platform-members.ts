// Member reads and writes of the Platform transport. The customer list has no total and, as far as the documents
// show, no e-mail or phone filter; points live in their own resource (smaregi-platform.md "Customers and points").
import type { SmaregiRow } from "../../../smaregi/client"
import type { CustomerRow } from "../../../smaregi/customer-fields"
import { SmaregiApiError } from "../../../smaregi/errors"
import { MAX_PAGE_SIZE, type Json, type SmaregiPlatformClient } from "../../../smaregi/platform/client"
import { platformCustomerBody, platformCustomerToRow } from "../../../smaregi/platform/customer-fields"
import { headIdRanges } from "../../../smaregi/reconcile-windows"
import type { WrittenMember } from "./types"

type Query = Record<string, string | number | undefined>
/** Ids read in one list call: a span of at most this many ids holds at most one full page of members. */
const ID_SPAN = MAX_PAGE_SIZE - 1

/** customer status 3 (退会): the row of a withdrawal (deletionPolicy withdraw). */
export const WITHDRAWN = "3"

const isNotFound = (error: unknown): boolean => error instanceof SmaregiApiError && error.httpStatus === 404

function objects(body: unknown, operation: string): Json[] {
  if (!Array.isArray(body) || !body.every((r) => typeof r === "object" && r !== null && !Array.isArray(r))) {
    throw new SmaregiApiError({ code: "invalid_response", errorCode: null, message: `${operation}: the answer is not an array of objects`, httpStatus: 200, retryable: false, procName: operation })
  }
  return body as Json[]
}

export async function customerPage(client: SmaregiPlatformClient, query: Query): Promise<Json[]> {
  const operation = "GET /pos/customers"
  return objects(await client.request({ method: "GET", path: "/pos/customers", operation, query }), operation)
}

/** Every page of a customer list; a page shorter than the limit is the last. */
export async function allCustomers(client: SmaregiPlatformClient, query: Query, onPage?: (rows: Json[]) => void): Promise<Json[]> {
  const rows: Json[] = []
  for (let page = 1; ; page++) {
    const pageRows = await customerPage(client, { sort: "customerId", ...query, limit: MAX_PAGE_SIZE, page })
    if (onPage) onPage(pageRows)
    else rows.push(...pageRows)
    if (pageRows.length < MAX_PAGE_SIZE) return rows
  }
}

/** The point record of one member, or null when Smaregi has none. */
export async function pointsOf(client: SmaregiPlatformClient, customerId: string): Promise<Json | null> {
  const operation = "GET /pos/customers/point"
  const rows = objects(await client.request({ method: "GET", path: "/pos/customers/point", operation, query: { customer_id: customerId, limit: 1 } }), operation)
  return rows.find((r) => String(r.customerId) === customerId) ?? null
}

/** v2 rows of these customers, their point balances joined when asked for. */
export async function toRows(client: SmaregiPlatformClient, customers: Json[], withPoints: boolean): Promise<SmaregiRow[]> {
  const rows: SmaregiRow[] = []
  for (const customer of customers) {
    const points = withPoints ? await pointsOf(client, String(customer.customerId)) : null
    rows.push(platformCustomerToRow(customer, withPoints ? (points ?? {}) : null))
  }
  return rows
}

/** The members with these ids, read by id ranges (the list takes customer_id-from/-to); an unknown id is absent. */
export async function customersByIds(client: SmaregiPlatformClient, ids: readonly string[]): Promise<Json[]> {
  const found: Json[] = []
  for (const range of headIdRanges(ids, ID_SPAN)) {
    const wanted = new Set(range.ids)
    const rows = await allCustomers(client, { "customer_id-from": range.ids[0], "customer_id-to": range.ids[range.ids.length - 1] })
    found.push(...rows.filter((r) => wanted.has(String(r.customerId))))
  }
  return found
}

/** `GET /pos/customers/{id}` for each id, as v2 rows without points; a member Smaregi answers 404 for is absent. */
export async function customersById(client: SmaregiPlatformClient, ids: readonly string[]): Promise<Map<string, SmaregiRow>> {
  const found = new Map<string, SmaregiRow>()
  for (const id of new Set(ids)) {
    const operation = "GET /pos/customers/{id}"
    let customer: unknown
    try {
      customer = await client.request({ method: "GET", path: `/pos/customers/${encodeURIComponent(id)}`, operation })
    } catch (error) {
      if (isNotFound(error)) continue
      throw error
    }
    const [row] = objects([customer], operation)
    found.set(id, platformCustomerToRow(row, null))
  }
  return found
}

/** Members whose `field` equals `value`: customerCode is a filter, anything else a read of every member. */
export async function customersMatching(client: SmaregiPlatformClient, field: string, value: string): Promise<Json[]> {
  // The code filter may match partially on the real API: every match is checked exactly here.
  const query = field === "customerCode" ? { customer_code: value } : {}
  const found: Json[] = []
  await allCustomers(client, query, (rows) => found.push(...rows.filter((r) => r[field] !== null && r[field] !== undefined && String(r[field]).trim() === value.trim())))
  return found
}

async function idOfCode(client: SmaregiPlatformClient, customerCode: string | undefined): Promise<string | null> {
  if (!customerCode) return null
  const [row] = await customersMatching(client, "customerCode", customerCode)
  return row ? String(row.customerId) : null
}

/**
 * PATCH when the member exists (by its id, else by its customerCode), POST when it does not; Smaregi assigns the
 * id of a new member. A withdrawal is the PATCH of status 3 and leaveDate (v2 sends the same row through customer_upd).
 * A create whose answer was lost is found by its code on the next attempt, never made twice. Points are not part of
 * the member here: platform-points.ts writes them.
 */
export async function upsertMember(client: SmaregiPlatformClient, row: Omit<CustomerRow, "point" | "mile">): Promise<WrittenMember> {
  const body = platformCustomerBody(row)
  let customerId: string | null = row.customerId?.trim() || null
  if (customerId) {
    try {
      await client.updateCustomer(customerId, body)
    } catch (error) {
      if (!isNotFound(error)) throw error
      // A withdrawal of a member Smaregi no longer has is done: never re-created, never looked for by its code.
      if (row.status === WITHDRAWN) return { customerId, customerCode: row.customerCode ?? "" }
      customerId = null
    }
  }
  if (!customerId) {
    customerId = await idOfCode(client, row.customerCode)
    if (customerId) await client.updateCustomer(customerId, body)
    else {
      customerId = (await client.createCustomer(body)).customerId
      return { customerId, customerCode: row.customerCode ?? "", created: true }
    }
  }
  return { customerId, customerCode: row.customerCode ?? "" }
}

/** DELETE by id (else by code); a member Smaregi no longer has counts as deleted. */
export async function deleteMember(client: SmaregiPlatformClient, row: CustomerRow): Promise<WrittenMember> {
  const customerId = row.customerId?.trim() || (await idOfCode(client, row.customerCode))
  if (customerId) {
    try {
      await client.deleteCustomer(customerId)
    } catch (error) {
      if (!isNotFound(error)) throw error
    }
  }
  return { customerId: customerId ?? "", customerCode: row.customerCode ?? "" }
}

/**
 * A withdrawal: the PATCH of status 3 and leaveDate by id, else by code (a create whose answer was lost). An id Smaregi
 * answers 404 for, or a code nobody has, is done: never created; its points are left to Smaregi.
 */
export async function withdrawMember(client: SmaregiPlatformClient, row: CustomerRow): Promise<WrittenMember> {
  const { point: _point, mile: _mile, pointExpireDate: _expiry, ...member } = row
  const customerId = row.customerId?.trim() || (await idOfCode(client, row.customerCode))
  if (customerId) {
    try {
      await client.updateCustomer(customerId, platformCustomerBody(member))
    } catch (error) {
      if (!isNotFound(error)) throw error
    }
  }
  return { customerId: customerId ?? "", customerCode: row.customerCode ?? "" }
}
