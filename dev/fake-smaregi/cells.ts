import type { FakeRow } from "./types"

export function jstNow(): string {
  const jst = new Date(Date.now() + 9 * 3600 * 1000)
  return jst.toISOString().slice(0, 19).replace("T", " ")
}

export function toCell(value: unknown): string | null {
  if (value === null || value === undefined) return null
  return typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value)
}

export function toRow(input: Record<string, unknown>): FakeRow {
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, toCell(v)]))
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const isNumeric = (s: string): boolean => /^-?\d+(\.\d+)?$/.test(s)

export function compareCells(a: string | null, b: string | null): number {
  if (a === b) return 0
  if (a === null) return -1
  if (b === null) return 1
  if (isNumeric(a) && isNumeric(b)) return Number(a) - Number(b)
  return a < b ? -1 : 1
}
