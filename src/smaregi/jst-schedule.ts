/**
 * Medusa 2.21 hands a job's `schedule` cron to cron-parser (in-memory engine) or BullMQ (Redis engine) without a
 * time zone, so the cron is read in the server's local zone. A daily job meant for a JST wall-clock time gets the
 * cron of the server-local time that matches it, computed from the server's UTC offset when the job file loads.
 * (A server in a zone with daylight saving keeps the offset it booted with until it restarts.)
 */
const JST_OFFSET_MINUTES = 9 * 60
const DAY_MINUTES = 24 * 60

/**
 * The daily cron ("m h * * *") that fires at `hour:minute` JST on a server whose `Date#getTimezoneOffset()` is
 * `serverOffsetMinutes` (minutes to add to local time to get UTC: 0 for UTC, -540 for Asia/Tokyo).
 */
export function dailyCronAtJst(hour: number, minute: number, serverOffsetMinutes: number = new Date().getTimezoneOffset()): string {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new Error(`dailyCronAtJst: hour must be an integer 0-23, got ${hour}`)
  if (!Number.isInteger(minute) || minute < 0 || minute > 59) throw new Error(`dailyCronAtJst: minute must be an integer 0-59, got ${minute}`)
  if (!Number.isInteger(serverOffsetMinutes) || Math.abs(serverOffsetMinutes) > 16 * 60) {
    throw new Error(`dailyCronAtJst: serverOffsetMinutes must be a whole number of minutes within ±16 h, got ${serverOffsetMinutes}`)
  }
  const utcMinutes = hour * 60 + minute - JST_OFFSET_MINUTES
  const local = (((utcMinutes - serverOffsetMinutes) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES
  return `${local % 60} ${Math.floor(local / 60)} * * *`
}
