export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return "—"
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return String(value)
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })
}

/** Smaregi sends JST wall-clock times without an offset ("2026-05-10 14:03:22"); show them as sent. */
export function formatSmaregiTime(value: string | null | undefined): string {
  return value ? `${value} JST` : "—"
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
