import { entityId } from "../../../smaregi/ids"

/** Raw SQL on the module's database; arrays travel as one JSON parameter. */
export type Sql = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>

/** Medusa-shaped ids for a whole batch: generateEntityId reads the random source once per character. */
export function newEntityIds(prefix: string, count: number): string[] {
  return Array.from({ length: count }, () => entityId(prefix))
}

export const iso = (value: unknown): string | null =>
  value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString()

export function parseJson(value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined) return null
  if (typeof value === "string") return JSON.parse(value) as Record<string, unknown>
  return value as Record<string, unknown>
}
