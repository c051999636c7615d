import type { MedusaResponse } from "@medusajs/framework/http"
import { CSV_BOM, CSV_CONTENT_TYPE, type CsvColumn, csvFilename, csvHeader, csvRows } from "../../../smaregi/csv"

const PAGE = 500

/** Streams a CSV download page by page, so a long export never sits in memory whole. */
export async function sendCsv<T>(
  res: MedusaResponse,
  name: string,
  columns: CsvColumn<T>[],
  page: (offset: number, limit: number) => Promise<T[]>
): Promise<void> {
  res.status(200)
  res.setHeader("Content-Type", CSV_CONTENT_TYPE)
  res.setHeader("Content-Disposition", `attachment; filename="${csvFilename(name)}"`)
  res.setHeader("Cache-Control", "no-store")
  res.write(CSV_BOM + csvHeader(columns))
  for (let offset = 0; ; offset += PAGE) {
    const rows = await page(offset, PAGE)
    if (rows.length) res.write(csvRows(columns, rows))
    if (rows.length < PAGE) break
  }
  res.end()
}
