// Members between the plugin's v2 rows (CustomerRow / customer_ref rows) and the Platform API's customer JSON
// (smaregi-platform.md "Customers and points"; field names from the Omni Hub OpenAPI spec).
import type { SmaregiRow } from "../client"
import {
  CUSTOMER_FIELD_NAMES,
  CUSTOMER_READ_ONLY_FIELDS,
  type CustomerField,
  type CustomerRow,
} from "../customer-fields"
import { isoToJstWallClock } from "./normalise"

/**
 * How each v2 customer field travels on the Platform API:
 * - `body`: sent in POST/PATCH /pos/customers as a string under the same name, read back the same way;
 * - `path`: the id in the URL, assigned by Smaregi on create, never in a body;
 * - `point`: only through PATCH /pos/customers/{id}/point, read from GET /pos/customers/point;
 * - `server`: set by Smaregi (a JST date-time read as ISO with +09:00), never in a body.
 */
export type PlatformCustomerFieldRoute = "body" | "path" | "point" | "server"

export const PLATFORM_CUSTOMER_FIELDS: Record<CustomerField | keyof typeof CUSTOMER_READ_ONLY_FIELDS, PlatformCustomerFieldRoute> = {
  ...(Object.fromEntries(CUSTOMER_FIELD_NAMES.map((f) => [f, "body"])) as Record<CustomerField, "body">),
  customerId: "path",
  point: "point",
  mile: "point",
  lastComeDateTime: "server",
  insDateTime: "server",
  updDateTime: "server",
}

/** Fields whose value lives in the point resource, not in the customer. */
export const PLATFORM_POINT_FIELDS = ["point", "mile"] as const

const route = (field: string): PlatformCustomerFieldRoute | undefined =>
  Object.prototype.hasOwnProperty.call(PLATFORM_CUSTOMER_FIELDS, field) ? PLATFORM_CUSTOMER_FIELDS[field as CustomerField] : undefined

/**
 * The JSON body of POST/PATCH /pos/customers for a v2 row: every `body` field as a string, blanks left out
 * (the API refuses empty strings); customerId, point, mile and lastComeDateTime never travel here.
 */
export function platformCustomerBody(row: CustomerRow): Record<string, string> {
  const body: Record<string, string> = {}
  for (const [field, value] of Object.entries(row)) {
    if (route(field) !== "body" || value === undefined || value === null) continue
    const text = String(value)
    if (text.trim() === "") continue
    body[field] = text
  }
  return body
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (typeof value === "string") return value
  if (typeof value === "number" && Number.isFinite(value)) return String(value)
  if (typeof value === "boolean") return value ? "1" : "0"
  return null
}

/**
 * A Platform customer (and, when given, its point record) as the v2 row customer_ref answers: known fields only,
 * values as strings, `…DateTime` fields as JST wall clock; a point field comes from the point record alone.
 */
export function platformCustomerToRow(customer: Record<string, unknown>, points?: Record<string, unknown> | null): SmaregiRow {
  const row: SmaregiRow = {}
  for (const [field, value] of Object.entries(customer)) {
    const r = route(field)
    if (r === undefined || r === "point") continue
    const cell = text(value)
    row[field] = cell !== null && r === "server" && cell.trim() !== "" ? (isoToJstWallClock(cell) ?? cell) : cell
  }
  if (points) {
    for (const field of PLATFORM_POINT_FIELDS) row[field] = text(points[field])
    if (text(points.pointExpireDate) !== null) row.pointExpireDate = text(points.pointExpireDate)
  }
  return row
}

/** Keeps the asked-for fields of a row (all when `fields` is omitted). */
export function pickFields(row: SmaregiRow, fields?: readonly string[]): SmaregiRow {
  if (!fields) return row
  return Object.fromEntries(fields.map((f) => [f, row[f] ?? null]))
}

/** True when any asked-for field is only in the point resource (all fields are asked when omitted). */
export function needsPoints(fields?: readonly string[]): boolean {
  return !fields || fields.some((f) => (PLATFORM_POINT_FIELDS as readonly string[]).includes(f))
}
