// The fake's member reads (smaregi-platform.md "Customers and points", "Limits and errors"): GET /pos/customers with
// the filters seen documented, and GET /pos/customers/point. Any other query parameter is refused, so the plugin
// never leans on a filter the real API may not have (e-mail and phone filters were not seen).

import { type Answer, type Json, isRecord, positive, problem } from "./http"

const MAX_LIMIT = 1000
const DEFAULT_LIMIT = 100
const CUSTOMER_PARAMS = new Set(["limit", "page", "sort", "customer_code", "customer_no", "customer_id-from", "customer_id-to"])
const POINT_PARAMS = new Set(["limit", "page", "customer_id"])
const CUSTOMER_CODE = /^[\x20-\x7e]{1,20}$/
const SERVER_ONLY_CUSTOMER_FIELDS = ["customerId", "point", "mile", "lastComeDateTime", "insDateTime", "updDateTime"]
const CUSTOMER_SORTABLE = new Set(["customerId", "customerCode", "updDateTime"])
/** 0 active, 1 suspended, 2 lost, 3 withdrawn (退会), 4 merged. */
const CUSTOMER_STATUSES = new Set(["0", "1", "2", "3", "4"])
const DATE_FIELDS = ["birthDate", "entryDate", "leaveDate", "pointExpireDate"]

function only(query: Record<string, string>, allowed: Set<string>, route: string): void {
  const unknown = Object.keys(query).filter((k) => !allowed.has(k))
  if (unknown.length > 0) problem(400, `${route} takes no parameter ${unknown.join(", ")} (it takes ${[...allowed].join(", ")})`)
}

function page<T>(rows: T[], query: Record<string, string>): T[] {
  const limit = positive(query.limit, "limit", DEFAULT_LIMIT, MAX_LIMIT)
  const n = positive(query.page, "page", 1)
  return rows.slice((n - 1) * limit, n * limit)
}

function digits(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined
  if (!/^\d+$/.test(raw)) problem(400, `${name} must be digits (got ${JSON.stringify(raw)})`)
  return Number(raw)
}

/** GET /pos/customers: the customer resource without its point balance (that is GET /pos/customers/point). */
export function listCustomers(customers: Map<string, Json>, query: Record<string, string>): Json[] {
  only(query, CUSTOMER_PARAMS, "GET /pos/customers")
  const from = digits(query["customer_id-from"], "customer_id-from")
  const to = digits(query["customer_id-to"], "customer_id-to")
  const [field, dir, extra] = (query.sort ?? "customerId").split(":")
  if (!CUSTOMER_SORTABLE.has(field) || extra !== undefined || (dir !== undefined && dir !== "asc" && dir !== "desc")) {
    problem(400, `sort ${JSON.stringify(query.sort)} is not "field" or "field:desc" of ${[...CUSTOMER_SORTABLE].join(", ")}`)
  }
  const rows = [...customers.values()].filter((c) => {
    const id = Number(c.customerId)
    if (from !== undefined && id < from) return false
    if (to !== undefined && id > to) return false
    if (query.customer_code !== undefined && c.customerCode !== query.customer_code) return false
    return query.customer_no === undefined || c.customerNo === query.customer_no
  })
  const key = (c: Json) => (field === "customerId" ? Number(c.customerId) : String(c[field] ?? ""))
  rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (dir === "desc" ? -1 : 1))
  return page(rows, query).map(withoutPoints)
}

export function withoutPoints(customer: Json): Json {
  const { point: _point, mile: _mile, ...rest } = customer
  return rest
}

/** GET /pos/customers/point: point balances, optionally of one customer. */
export function listCustomerPoints(customers: Map<string, Json>, query: Record<string, string>): Json[] {
  only(query, POINT_PARAMS, "GET /pos/customers/point")
  const id = digits(query.customer_id, "customer_id")
  const rows = [...customers.values()]
    .filter((c) => id === undefined || Number(c.customerId) === id)
    .sort((a, b) => Number(a.customerId) - Number(b.customerId))
  return page(rows, query).map((c) => ({
    customerId: c.customerId,
    point: c.point ?? "0",
    mile: c.mile ?? "0",
    pointExpireDate: c.pointExpireDate ?? null,
    insDateTime: c.insDateTime,
    updDateTime: c.updDateTime,
  }))
}

export function checkCustomerBody(body: unknown, creating: boolean, customers: Map<string, Json>, selfId: string | null): Json {
  if (!isRecord(body)) problem(400, "the body must be a JSON object")
  const forbidden = SERVER_ONLY_CUSTOMER_FIELDS.filter((f) => f in body)
  if (forbidden.length > 0) problem(400, `${forbidden.join(", ")} cannot be set here`)
  for (const [key, value] of Object.entries(body)) {
    if (value !== null && typeof value !== "string") problem(400, `${key} must be a string (got ${typeof value})`)
  }
  if (creating) {
    for (const f of ["customerCode", "firstName", "lastName"]) {
      if (typeof body[f] !== "string" || (body[f] as string).trim() === "") problem(400, `${f} is required`)
    }
  } else {
    for (const f of ["customerCode", "firstName", "lastName"]) {
      if (f in body && (typeof body[f] !== "string" || (body[f] as string).trim() === "")) problem(400, `${f} cannot be empty`)
    }
  }
  if (typeof body.customerCode === "string") {
    if (!CUSTOMER_CODE.test(body.customerCode)) problem(400, "customerCode must be 1-20 printable ASCII characters")
    for (const [id, c] of customers) {
      if (id !== selfId && c.customerCode === body.customerCode) problem(400, `customerCode ${body.customerCode} already exists`)
    }
  }
  if (typeof body.rank === "string" && body.rank.length > 20) problem(400, "rank must be at most 20 characters")
  // A withdrawal is a PATCH of status 3 (退会) with its leave date: both as v2 defines them.
  if (typeof body.status === "string" && !CUSTOMER_STATUSES.has(body.status)) problem(400, `status must be one of ${[...CUSTOMER_STATUSES].join(", ")} (got ${JSON.stringify(body.status)})`)
  for (const f of DATE_FIELDS) {
    if (typeof body[f] === "string" && !/^\d{4}-\d{2}-\d{2}$/.test(body[f] as string)) problem(400, `${f} must be a date YYYY-MM-DD (got ${JSON.stringify(body[f])})`)
  }
  return body
}

export function pointValue(body: unknown, signed: boolean): number {
  if (!isRecord(body) || typeof body.point !== "string" || !(signed ? /^-?\d{1,9}$/ : /^\d{1,9}$/).test(body.point)) {
    problem(400, `point must be a string of ${signed ? "a signed integer" : "a non-negative integer"} (at most 9 digits)`)
  }
  return Number(body.point)
}

export function pointAnswer(customer: Json): Answer {
  return { status: 200, body: { customerId: customer.customerId, point: customer.point, mile: customer.mile ?? "0", pointExpireDate: customer.pointExpireDate ?? null, updDateTime: customer.updDateTime } }
}
