/**
 * Window arithmetic for pulling sales (smaregi-v2.md §1 "Range rule"): every TransactionHead/TransactionDetail
 * lookup carries a closed date range of at most 31 days, or a transactionHeadId (one id or a range of at most
 * 100,000). Dates are Smaregi's "YYYY-MM-DD HH:MM:SS" in JST; arithmetic is done on them as wall-clock times.
 */

export const MAX_WINDOW_DAYS = 31
export const MAX_HEAD_ID_SPAN = 100_000
const DAY_MS = 86_400_000
const JST_OFFSET_MS = 9 * 3_600_000

/** A half-open range: `field >= from` and `field < to`. */
export type PullWindow = { from: string; to: string }

export type WindowCondition = Record<string, string>

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Milliseconds of a JST wall-clock "YYYY-MM-DD HH:MM:SS" (as if it were UTC), or null when it is not a real time. */
export function wallClockMs(value: string): number | null {
  const m = DATE_TIME.exec(value)
  if (!m) return null
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number)
  const ms = Date.UTC(y, mo - 1, d, h, mi, s)
  const back = new Date(ms)
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null
  return ms
}

export function formatWallClock(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ")
}

/** "YYYY-MM-DD HH:MM:SS" in JST for an instant. */
export function jstDateTime(at: Date): string {
  return formatWallClock(at.getTime() + JST_OFFSET_MS)
}

/** True for a real calendar date "YYYY-MM-DD". */
export function isJstDate(value: string): boolean {
  return DATE.test(value) && wallClockMs(`${value} 00:00:00`) !== null
}

/** The half-open range covering JST dates `from` … `to`, both inclusive. */
export function jstDateRange(from: string, to: string): PullWindow {
  const start = wallClockMs(`${from} 00:00:00`)
  const end = wallClockMs(`${to} 00:00:00`)
  if (start === null) throw new RangeError(`from: not a date (YYYY-MM-DD): ${JSON.stringify(from)}`)
  if (end === null) throw new RangeError(`to: not a date (YYYY-MM-DD): ${JSON.stringify(to)}`)
  if (start > end) throw new RangeError(`from (${from}) is after to (${to})`)
  return { from: formatWallClock(start), to: formatWallClock(end + DAY_MS) }
}

/** Consecutive windows of at most `days` days covering [from, to); none when from >= to. */
export function pullWindows(from: string, to: string, days = MAX_WINDOW_DAYS): PullWindow[] {
  const start = wallClockMs(from)
  const end = wallClockMs(to)
  if (start === null) throw new RangeError(`pullWindows: from is not "YYYY-MM-DD HH:MM:SS": ${JSON.stringify(from)}`)
  if (end === null) throw new RangeError(`pullWindows: to is not "YYYY-MM-DD HH:MM:SS": ${JSON.stringify(to)}`)
  if (!Number.isInteger(days) || days < 1 || days > MAX_WINDOW_DAYS) throw new RangeError(`pullWindows: days must be 1–${MAX_WINDOW_DAYS}`)
  const windows: PullWindow[] = []
  for (let at = start; at < end; at += days * DAY_MS) {
    windows.push({ from: formatWallClock(at), to: formatWallClock(Math.min(end, at + days * DAY_MS)) })
  }
  return windows
}

/** The single condition object of a window lookup (never several OR-ed objects). */
export function windowCondition(field: string, window: PullWindow): WindowCondition {
  return { [`${field} >=`]: window.from, [`${field} <`]: window.to }
}

/**
 * The watermark after a window was fully processed: it never moves backwards, never past a window it does not
 * touch (a gap), and not closer to `now` than `settleMs` unless a head seen says so, so that the next pull
 * re-reads the recent past.
 */
export function nextWatermark(input: {
  watermark: string | null
  window: PullWindow
  newestHead: string | null
  now: string
  settleMs: number
}): string | null {
  const { watermark, window, newestHead } = input
  if (watermark === null || window.from > watermark) return watermark
  const nowMs = wallClockMs(input.now)
  if (nowMs === null) throw new RangeError(`nextWatermark: now is not "YYYY-MM-DD HH:MM:SS": ${JSON.stringify(input.now)}`)
  const settled = formatWallClock(nowMs - input.settleMs)
  const covered = window.to < settled ? window.to : settled
  return [watermark, covered, newestHead ?? watermark].reduce((a, b) => (b > a ? b : a))
}

export type HeadIdRange = { ids: string[]; condition: WindowCondition }

/**
 * Groups head ids into lookups of one id (`transactionHeadId`) or a From–To range spanning at most
 * `maxSpan` ids; rows of ids not asked for are dropped by the caller.
 */
export function headIdRanges(ids: readonly string[], maxSpan = MAX_HEAD_ID_SPAN): HeadIdRange[] {
  const sorted = [...new Set(ids)].sort((a, b) => Number(a) - Number(b))
  for (const id of sorted) if (!/^\d+$/.test(id)) throw new RangeError(`headIdRanges: not a transactionHeadId: ${JSON.stringify(id)}`)
  const groups: string[][] = []
  for (const id of sorted) {
    const group = groups[groups.length - 1]
    if (group && Number(id) - Number(group[0]) <= maxSpan) group.push(id)
    else groups.push([id])
  }
  return groups.map((group): HeadIdRange => {
    const condition: WindowCondition =
      group.length === 1 ? { transactionHeadId: group[0] } : { "transactionHeadId >=": group[0], "transactionHeadId <=": group[group.length - 1] }
    return { ids: group, condition }
  })
}
