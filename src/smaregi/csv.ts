// CSV for the admin's exports (ADM-6): RFC 4180 with CRLF, UTF-8 with a BOM so Excel reads Japanese text.

export const CSV_BOM = "\uFEFF"
export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

export type CsvColumn<T> = { header: string; value: (row: T) => unknown }

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

/**
 * One cell. Dates as ISO 8601, objects as JSON, null/undefined empty. Text that a spreadsheet would run as
 * a formula (=, +, -, @, tab, CR first) gets a leading apostrophe, numbers excepted.
 */
export function csvCell(value: unknown): string {
  let text: string
  if (value === null || value === undefined) text = ""
  else if (value instanceof Date) text = Number.isNaN(value.getTime()) ? "" : value.toISOString()
  else if (typeof value === "object") text = JSON.stringify(value)
  else text = String(value)
  if (/^[=+\-@\t\r]/.test(text) && !NUMBER.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvCell).join(",")}\r\n`
}

export function csvHeader<T>(columns: CsvColumn<T>[]): string {
  return csvLine(columns.map((c) => c.header))
}

export function csvRows<T>(columns: CsvColumn<T>[], rows: T[]): string {
  return rows.map((row) => csvLine(columns.map((c) => c.value(row)))).join("")
}

/** A whole document: BOM, header row, one line per row. */
export function toCsv<T>(columns: CsvColumn<T>[], rows: T[]): string {
  return CSV_BOM + csvHeader(columns) + csvRows(columns, rows)
}

/** `smaregi-transactions-20261203-0915.csv`, the time in JST (the merchant's clock). */
export function csvFilename(name: string, now: Date = new Date()): string {
  const jst = new Date(now.getTime() + 9 * 3600_000).toISOString()
  return `smaregi-${name}-${jst.slice(0, 10).replace(/-/g, "")}-${jst.slice(11, 16).replace(":", "")}.csv`
}
