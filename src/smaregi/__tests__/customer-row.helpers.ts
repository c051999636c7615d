import { formatFieldErrors, normalizeCustomerRow } from "../normalize-customer"

export const ID = { customerId: "345" }

export function normalizedValue(field: string, value: unknown): string | undefined {
  const result = normalizeCustomerRow({ ...ID, [field]: value })
  if (!result.ok) throw new Error(`expected ${field}=${JSON.stringify(value)} to be valid: ${formatFieldErrors(result.errors)}`)
  return (result.row as Record<string, string | undefined>)[field]
}

export function errorsFor(input: Record<string, unknown>): string[] {
  const result = normalizeCustomerRow(input)
  if (result.ok) throw new Error(`expected ${JSON.stringify(input)} to be invalid, got ${JSON.stringify(result.row)}`)
  return result.errors.map((e) => e.message)
}
