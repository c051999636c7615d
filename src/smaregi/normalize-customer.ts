import { CUSTOMER_FIELDS, CUSTOMER_READ_ONLY_FIELDS, type CustomerField, type CustomerRow } from "./customer-fields"
import { pad2, RULES, toJstParts } from "./customer-field-rules"

export type FieldError = { field: string; message: string; value?: string }

export type NormalizeCustomerRowResult = { ok: true; row: CustomerRow } | { ok: false; errors: FieldError[] }

const DATE_FIELDS = new Set<CustomerField>(["birthDate", "pointExpireDate", "entryDate", "leaveDate"])

const isCustomerField = (key: string): key is CustomerField => Object.prototype.hasOwnProperty.call(CUSTOMER_FIELDS, key)

const shown = (value: string): string => JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)

function fieldError(field: string, problem: string, value?: string): FieldError {
  return value === undefined
    ? { field, message: `${field}: ${problem}` }
    : { field, message: `${field}: ${problem} (got ${shown(value)})`, value }
}

function toInputString(field: CustomerField, value: unknown): { value: string } | { error: string } | null {
  if (value === undefined || value === null) return null
  if (typeof value === "string") return value.trim() === "" ? null : { value }
  if (typeof value === "number") return Number.isFinite(value) ? { value: String(value) } : { error: "must be a finite number" }
  if (typeof value === "boolean") {
    return field === "mailReceiveFlag" ? { value: value ? "1" : "0" } : { error: "must not be a boolean" }
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { error: "is an invalid Date" }
    const [y, m, d, hh, mm, ss] = toJstParts(value)
    if (DATE_FIELDS.has(field)) return { value: `${y}-${pad2(m)}-${pad2(d)}` }
    if (field === "lastComeDateTime") return { value: `${y}-${pad2(m)}-${pad2(d)} ${pad2(hh)}:${pad2(mm)}:${pad2(ss)}` }
    return { error: "must not be a Date" }
  }
  return { error: `must be a string (got ${Array.isArray(value) ? "array" : typeof value})` }
}

/** idFromSmaregi: a member not created yet, whose id Smaregi assigns (Platform API); the row goes with an empty id. */
export type CustomerRowOptions = { idFromSmaregi?: boolean }

/** Validates and normalises one Customer row for customer_upd; every error names its field. */
export function normalizeCustomerRow(input: Record<string, unknown>, options: CustomerRowOptions = {}): NormalizeCustomerRowResult {
  const errors: FieldError[] = []
  const row: Partial<Record<CustomerField, string>> = {}

  for (const [key, rawValue] of Object.entries(input)) {
    if (!isCustomerField(key)) {
      const problem = Object.prototype.hasOwnProperty.call(CUSTOMER_READ_ONLY_FIELDS, key) ? "read-only field" : "unknown field"
      errors.push(fieldError(key, problem))
      continue
    }
    const inputString = toInputString(key, rawValue)
    if (inputString === null) continue
    if ("error" in inputString) {
      errors.push(fieldError(key, inputString.error))
      continue
    }
    const out = RULES[key](inputString.value)
    if ("error" in out) {
      errors.push(fieldError(key, out.error, inputString.value))
    } else if (out.value !== "") {
      row[key] = out.value
    }
  }

  if (!options.idFromSmaregi && row.customerId === undefined && !errors.some((e) => e.field === "customerId")) {
    errors.push(fieldError("customerId", "is required"))
  }
  const hasUnitPrice = row.pointGivingUnitPrice !== undefined
  const hasUnit = row.pointGivingUnit !== undefined
  if (hasUnitPrice !== hasUnit && !errors.some((e) => e.field.startsWith("pointGivingUnit"))) {
    const missing = hasUnitPrice ? "pointGivingUnit" : "pointGivingUnitPrice"
    const present = hasUnitPrice ? "pointGivingUnitPrice" : "pointGivingUnit"
    errors.push(fieldError(missing, `is required when ${present} is set`))
  }

  if (errors.length > 0) return { ok: false, errors }
  return { ok: true, row: (options.idFromSmaregi ? { ...row, customerId: "" } : row) as CustomerRow }
}

/** Fields every customer_upd `U` row carries (the v2 spec table marks them required), in the order they are checked. */
export const CUSTOMER_UPD_REQUIRED_FIELDS = ["customerId", "customerCode", "lastName", "firstName", "sex"] as const

/** The required customer_upd fields a row lacks (absent, null or blank). */
export function missingUpdFields(row: Record<string, unknown>): CustomerField[] {
  return CUSTOMER_UPD_REQUIRED_FIELDS.filter((field) => {
    const value = row[field]
    return value === undefined || value === null || (typeof value === "string" && value.trim() === "")
  })
}

/** normalizeCustomerRow, then every required customer_upd field must be present: the row as Smaregi accepts it in a `U` call. */
export function normalizeCustomerUpdRow(input: Record<string, unknown>, options: CustomerRowOptions = {}): NormalizeCustomerRowResult {
  const result = normalizeCustomerRow(input, options)
  const errors = result.ok ? [] : [...result.errors]
  for (const field of missingUpdFields(result.ok ? result.row : input)) {
    if (options.idFromSmaregi && field === "customerId") continue
    if (!errors.some((e) => e.field === field)) errors.push(fieldError(field, "is required in customer_upd"))
  }
  return errors.length > 0 ? { ok: false, errors } : result
}

export function formatFieldErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => e.message).join("; ")
}
