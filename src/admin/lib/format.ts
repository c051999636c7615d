const JST_PARTS = new Intl.DateTimeFormat("en-US", {
  timeZone: "Asia/Tokyo",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
})

/** Every time the admin shows: Japan time with the zone named, "2026-12-03 18:05 JST", whatever the browser's zone. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return "—"
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return String(value)
  const part = Object.fromEntries(JST_PARTS.formatToParts(date).map((p) => [p.type, p.value]))
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute} JST`
}

/** Today in JST as "YYYY-MM-DD" (Smaregi's dates are JST whatever the browser's zone). */
export function jstToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10)
}

/** Smaregi sends JST wall-clock times without an offset ("2026-05-10 14:03:22"); read them as JST. */
export function formatSmaregiTime(value: string | null | undefined): string {
  if (!value) return "—"
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)$/.exec(value.trim())
  return m ? formatDateTime(`${m[1]}T${m[2]}+09:00`) : value
}

export function formatYen(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—"
  const n = Number(value)
  return Number.isFinite(n) ? `¥${n.toLocaleString("ja-JP")}` : String(value)
}

export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2)
}

export function downloadJson(filename: string, value: unknown): void {
  const blob = new Blob([formatJson(value)], { type: "application/json" })
  const url = URL.createObjectURL(blob)
  const anchor = document.createElement("a")
  anchor.href = url
  anchor.download = filename
  document.body.appendChild(anchor)
  anchor.click()
  anchor.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

export function readJsonFile(file: File): Promise<unknown> {
  return file.text().then((text) => JSON.parse(text) as unknown)
}
