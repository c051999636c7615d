/**
 * Milliseconds (or a count) from the environment variable `name`: `fallback` when it is unset, blank, not a
 * number, or below `min` (0 by default; 1 where 0 would mean "never" or "all the time").
 */
export function envMs(name: string, fallback: number, min = 0): number {
  const raw = process.env[name]
  if (raw === undefined || raw.trim() === "") return fallback
  const value = Number(raw)
  return Number.isFinite(value) && value >= min ? value : fallback
}
