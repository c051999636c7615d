import { createHash } from "node:crypto"
import type { MemberFieldMappingEntry } from "./settings"
import { CUSTOMER_STATUS, SEX_CODES, type CustomerRow } from "./customer-fields"
import { eanCheckDigit } from "./ean13"
import { type FieldError, type NormalizeCustomerRowResult, normalizeCustomerUpdRow } from "./normalize-customer"

export type MemberAddress = {
  postal_code?: string | null
  province?: string | null
  city?: string | null
  address_1?: string | null
  address_2?: string | null
  phone?: string | null
  company?: string | null
  is_default_shipping?: boolean | null
  is_default_billing?: boolean | null
}

/** The parts of a Medusa customer the member row is built from. */
export type MemberCustomer = {
  id: string
  email?: string | null
  first_name?: string | null
  last_name?: string | null
  phone?: string | null
  company_name?: string | null
  metadata?: Record<string, unknown> | null
  addresses?: MemberAddress[] | null
  groups?: Array<{ id: string }> | null
}

export type MemberPoints = { balance: number; nearest_expiry: string | null }

export type RankMappingEntry = { customer_group_id: string; rank_code: string; priority: number }

export type MemberCodeFormat = { format: "prefixed" | "ean13"; prefix: string; digits: number }

export type MemberMappingSettings = {
  memberFieldMapping: MemberFieldMappingEntry[]
  rankMapping: RankMappingEntry[]
  sendPoints: boolean
  namePlaceholder: string
}

export type BuildMemberRowInput = {
  customer: MemberCustomer
  /** null: Smaregi assigns the id when it creates the member (Platform API); the row then carries an empty one. */
  customerId: string | number | null
  customerCode: string
  settings: MemberMappingSettings
  /** The customer's balance; ignored unless settings.sendPoints. */
  points?: MemberPoints | null
}

const POINT_FIELDS = new Set(["point", "pointExpireDate"])
const REQUIRED_NAMES = ["lastName", "firstName"] as const

/** The default shipping address, else the default billing address, else the first one. */
export function defaultAddress(addresses: readonly MemberAddress[] | null | undefined): MemberAddress | null {
  if (!addresses?.length) return null
  return addresses.find((a) => a.is_default_shipping) ?? addresses.find((a) => a.is_default_billing) ?? addresses[0]
}

const clean = (value: string | null | undefined): string => (value ?? "").replace(/\s+/g, " ").trim()

// Japanese parts join without a space (東京都渋谷区神宮前); Latin parts need one (Tokyo Shibuya).
function joinAddressParts(parts: string[]): string {
  return parts.reduce((line, part) => {
    if (!line) return part
    const needsSpace = /[A-Za-z0-9]$/.test(line) || /^[A-Za-z0-9]/.test(part)
    return needsSpace ? `${line} ${part}` : `${line}${part}`
  }, "")
}

/** prefecture/province + city + address_1, then address_2 after a space, on one line. */
export function fullAddress(address: MemberAddress | null): string {
  if (!address) return ""
  const street = joinAddressParts([address.province, address.city, address.address_1].map(clean).filter(Boolean))
  const building = clean(address.address_2)
  return [street, building].filter(Boolean).join(" ")
}

function metadataValue(metadata: Record<string, unknown> | null | undefined, key: string): unknown {
  if (!metadata) return undefined
  if (Object.prototype.hasOwnProperty.call(metadata, key)) return metadata[key]
  let current: unknown = metadata
  for (const part of key.split(".")) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) return undefined
    current = (current as Record<string, unknown>)[part]
  }
  return current
}

/** The value of one mapping source (`first_name`, `address.city`, `address.full`, `metadata.<key>`). */
export function sourceValue(customer: MemberCustomer, source: string): unknown {
  if (source.startsWith("metadata.")) return metadataValue(customer.metadata, source.slice("metadata.".length))
  if (source.startsWith("address.")) {
    const address = defaultAddress(customer.addresses)
    const part = source.slice("address.".length)
    if (part === "full") return fullAddress(address)
    return address ? address[part as keyof MemberAddress] : undefined
  }
  return customer[source as keyof MemberCustomer]
}

const isEmpty = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === "string" && value.trim() === "")

/** The rank code of the highest-priority mapped group the customer is in (ties: first listed); null when none. */
export function rankCodeFor(groupIds: readonly string[], rankMapping: readonly RankMappingEntry[]): string | null {
  let best: RankMappingEntry | null = null
  for (const entry of rankMapping) {
    if (!groupIds.includes(entry.customer_group_id)) continue
    if (best === null || entry.priority > best.priority) best = entry
  }
  return best?.rank_code ?? null
}

export type MemberEligibility = { eligible: true } | { eligible: false; reason: "guest" | "not_approved" }

/** Only registered customers become members; with an approval group, only that group's members. */
export function memberEligibility(
  customer: { has_account?: boolean | null; groups?: ReadonlyArray<{ id: string }> | null },
  approvalCustomerGroupId: string | null
): MemberEligibility {
  if (!customer.has_account) return { eligible: false, reason: "guest" }
  if (approvalCustomerGroupId && !(customer.groups ?? []).some((g) => g.id === approvalCustomerGroupId)) {
    return { eligible: false, reason: "not_approved" }
  }
  return { eligible: true }
}

/** customerCode for an allocated customerId: prefix + zero-padded number, or a numeric EAN-13 with check digit. */
export function formatMemberCode(customerId: number | string, format: MemberCodeFormat): string {
  const id = String(customerId)
  if (!/^\d+$/.test(id)) throw new RangeError(`member code: customerId must be digits (got ${JSON.stringify(id)})`)
  if (format.format === "ean13") {
    if (!/^\d*$/.test(format.prefix)) {
      throw new RangeError(`member code: an EAN-13 prefix must be digits (got ${JSON.stringify(format.prefix)})`)
    }
    const width = 12 - format.prefix.length
    if (id.length > width) {
      throw new RangeError(`member code: customerId ${id} does not fit an EAN-13 after prefix ${JSON.stringify(format.prefix)}`)
    }
    const body = `${format.prefix}${id.padStart(width, "0")}`
    return `${body}${eanCheckDigit(body)}`
  }
  const code = `${format.prefix}${id.padStart(format.digits, "0")}`
  if (code.length > 20) throw new RangeError(`member code: ${JSON.stringify(code)} is longer than 20 characters`)
  return code
}

/** Customer → a validated Smaregi Customer row for customer_upd (U), or errors naming the Smaregi field. */
export function buildMemberRow(input: BuildMemberRowInput): NormalizeCustomerRowResult {
  const { customer, settings } = input
  const raw: Record<string, unknown> = {}
  for (const entry of settings.memberFieldMapping) {
    if (!settings.sendPoints && POINT_FIELDS.has(entry.smaregi)) continue
    if (!isEmpty(raw[entry.smaregi])) continue
    const value = sourceValue(customer, entry.source)
    if (!isEmpty(value)) raw[entry.smaregi] = value
  }
  for (const name of REQUIRED_NAMES) {
    if (isEmpty(raw[name])) raw[name] = settings.namePlaceholder
  }
  if (isEmpty(raw.sex)) raw.sex = SEX_CODES.unknown
  const rank = rankCodeFor((customer.groups ?? []).map((g) => g.id), settings.rankMapping)
  if (rank !== null) raw.rank = rank
  if (settings.sendPoints && input.points) {
    raw.point = Math.max(0, Math.trunc(input.points.balance))
    if (input.points.nearest_expiry) raw.pointExpireDate = expiryDate(input.points.nearest_expiry)
  }
  // A member not yet created has no id: the row is sent without one (POST).
  if (input.customerId !== null) raw.customerId = input.customerId
  else delete raw.customerId
  raw.customerCode = input.customerCode
  const result = normalizeCustomerUpdRow(raw, { idFromSmaregi: input.customerId === null })
  if (result.ok) return result
  return { ok: false, errors: result.errors.map((e) => withSource(e, settings.memberFieldMapping)) }
}

// Names the Medusa source too, so an operator knows which customer field to fix.
function withSource(error: FieldError, mapping: readonly MemberFieldMappingEntry[]): FieldError {
  const entry = mapping.find((m) => m.smaregi === error.field)
  return entry ? { ...error, message: `${error.message} [from ${entry.source}]` } : error
}

/**
 * A withdrawal (退会): the last pushed row, marked status 3 with a leave date. It still carries every required
 * field: names from the last pushed row, else the placeholder (a member linked but never pushed has none); sex "0" when unknown.
 * It carries no points: the last pushed balance is stale by whatever the register did since, so Smaregi keeps its own.
 */
export function buildWithdrawalRow(input: {
  /** null: a Platform member whose create answer was lost; the row goes without an id, found by its code. */
  customerId: string | null
  customerCode: string
  lastPayload?: Record<string, unknown> | null
  leaveDate: string
  namePlaceholder: string
}): NormalizeCustomerRowResult {
  const { point: _point, mile: _mile, pointExpireDate: _expiry, ...row }: Record<string, unknown> = input.lastPayload ?? {}
  for (const name of REQUIRED_NAMES) {
    if (isEmpty(row[name])) row[name] = input.namePlaceholder
  }
  if (isEmpty(row.sex)) row.sex = SEX_CODES.unknown
  delete row.customerId
  return normalizeCustomerUpdRow(
    {
      ...row,
      ...(input.customerId !== null ? { customerId: input.customerId } : {}),
      customerCode: input.customerCode,
      status: CUSTOMER_STATUS.withdrawn,
      leaveDate: input.leaveDate,
    },
    { idFromSmaregi: input.customerId === null }
  )
}

// A zoned timestamp (points module) becomes its JST calendar date; a plain date passes through.
function expiryDate(value: string): string {
  if (!/[T ]\d{2}:\d{2}/.test(value)) return value
  const at = new Date(value)
  return Number.isNaN(at.getTime()) ? value : jstDate(at)
}

/** Today's date in Japan (Smaregi dates are JST). */
export function jstDate(now: Date = new Date()): string {
  return new Date(now.getTime() + 9 * 3600 * 1000).toISOString().slice(0, 10)
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`
  }
  return JSON.stringify(value)
}

/** sha256 of the row as key-sorted JSON: equal rows hash equally whatever their key order. */
export function payloadHash(row: CustomerRow | Record<string, unknown>): string {
  return createHash("sha256").update(stableJson(row)).digest("hex")
}
