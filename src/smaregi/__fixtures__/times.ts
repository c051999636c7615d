/**
 * Smaregi date-times (JST wall clock, `YYYY-MM-DD HH:MM:SS`).
 */

/** `YYYY-MM-DD HH:MM:SS` shifted by `minutes` (fractions allowed), calendar-correct. */
export function shiftDateTime(at: string, minutes: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(at)
  if (!m) throw new Error(`not a Smaregi date-time: "${at}"`)
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) + Math.round(minutes * 60_000)
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ")
}

/** Now in JST as Smaregi writes it. */
export function jstNow(now: Date = new Date()): string {
  return new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 19).replace("T", " ")
}
