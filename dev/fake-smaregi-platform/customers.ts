// The fake's member reads (smaregi-platform.md "Customers and points", "Limits and errors"): GET /pos/customers with
// the filters seen documented, and GET /pos/customers/point. Any other query parameter is refused, so the plugin
// never leans on a filter the real API may not have (e-mail and phone filters were not seen).

type Json = Record<string, unknown>
export type Refuse = (status: number, detail: string) => never

const MAX_LIMIT = 1000
const DEFAULT_LIMIT = 100
const CUSTOMER_PARAMS = new Set(["limit", "page", "sort", "customer_code", "customer_no", "customer_id-from", "customer_id-to"])
const POINT_PARAMS = new Set(["limit", "page", "customer_id"])
const CUSTOMER_SORTABLE = new Set(["customerId", "customerCode", "updDateTime"])

function only(query: Record<string, string>, allowed: Set<string>, route: string, refuse: Refuse): void {
  const unknown = Object.keys(query).filter((k) => !allowed.has(k))
  if (unknown.length > 0) refuse(400, `${route} takes no parameter ${unknown.join(", ")} (it takes ${[...allowed].join(", ")})`)
}

function positive(raw: string | undefined, name: string, fallback: number, refuse: Refuse, max?: number): number {
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (!/^\d+$/.test(raw) || n < 1 || (max !== undefined && n > max)) {
    refuse(400, `${name} must be an integer from 1${max !== undefined ? ` to ${max}` : ""} (got ${JSON.stringify(raw)})`)
  }
  return n
}

function page<T>(rows: T[], query: Record<string, string>, refuse: Refuse): T[] {
  const limit = positive(query.limit, "limit", DEFAULT_LIMIT, refuse, MAX_LIMIT)
  const n = positive(query.page, "page", 1, refuse)
  return rows.slice((n - 1) * limit, n * limit)
}

function digits(raw: string | undefined, name: string, refuse: Refuse): number | undefined {
  if (raw === undefined) return undefined
  if (!/^\d+$/.test(raw)) refuse(400, `${name} must be digits (got ${JSON.stringify(raw)})`)
  return Number(raw)
}

/** GET /pos/customers: the customer resource without its point balance (that is GET /pos/customers/point). */
export function listCustomers(customers: Map<string, Json>, query: Record<string, string>, refuse: Refuse): Json[] {
  only(query, CUSTOMER_PARAMS, "GET /pos/customers", refuse)
  const from = digits(query["customer_id-from"], "customer_id-from", refuse)
  const to = digits(query["customer_id-to"], "customer_id-to", refuse)
  const [field, dir, extra] = (query.sort ?? "customerId").split(":")
  if (!CUSTOMER_SORTABLE.has(field) || extra !== undefined || (dir !== undefined && dir !== "asc" && dir !== "desc")) {
    refuse(400, `sort ${JSON.stringify(query.sort)} is not "field" or "field:desc" of ${[...CUSTOMER_SORTABLE].join(", ")}`)
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
  return page(rows, query, refuse).map(withoutPoints)
}

export function withoutPoints(customer: Json): Json {
  const { point: _point, mile: _mile, ...rest } = customer
  return rest
}

/** GET /pos/customers/point: point balances, optionally of one customer. */
export function listCustomerPoints(customers: Map<string, Json>, query: Record<string, string>, refuse: Refuse): Json[] {
  only(query, POINT_PARAMS, "GET /pos/customers/point", refuse)
  const id = digits(query.customer_id, "customer_id", refuse)
  const rows = [...customers.values()]
    .filter((c) => id === undefined || Number(c.customerId) === id)
    .sort((a, b) => Number(a.customerId) - Number(b.customerId))
  return page(rows, query, refuse).map((c) => ({
    customerId: c.customerId,
    point: c.point ?? "0",
    mile: c.mile ?? "0",
    pointExpireDate: c.pointExpireDate ?? null,
    insDateTime: c.insDateTime,
    updDateTime: c.updDateTime,
  }))
}
