import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SMAREGI_MODULE } from "../../../../../modules/smaregi"
import type SmaregiModuleService from "../../../../../modules/smaregi/service"
import type { CsvColumn } from "../../../../../smaregi/csv"
import { sendCsv } from "../../csv-response"
import { transactionFilters } from "../filters"
import { TRANSACTION_LIST_FIELDS } from "../route"
import type { AdminExportSmaregiTransactionsType } from "../validators"

type Row = Record<(typeof TRANSACTION_LIST_FIELDS)[number], unknown>

const COLUMNS: CsvColumn<Row>[] = [
  "id",
  "transaction_head_id",
  "status",
  "action",
  "reason_code",
  "reason",
  "attempts",
  "store_id",
  "customer_code",
  "total",
  "transaction_date_time",
  "upd_date_time",
  "applied_upd_date_time",
  "order_id",
  "connection_id",
  "processed_at",
  "created_at",
  "updated_at",
].map((field) => ({ header: field, value: (row: Row) => row[field] }))

/** GET /admin/smaregi/transactions/export — the filtered list (same filters as the list, no paging) as CSV. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminExportSmaregiTransactionsType>, res: MedusaResponse) {
  const smaregi: SmaregiModuleService = req.scope.resolve(SMAREGI_MODULE)
  const filters = transactionFilters(req.validatedQuery as AdminExportSmaregiTransactionsType)
  await sendCsv(res, "transactions", COLUMNS, async (skip, take) => {
    const rows = await smaregi.listSmaregiTransactions(filters, {
      select: TRANSACTION_LIST_FIELDS,
      order: { created_at: "DESC", id: "DESC" },
      skip,
      take,
    })
    return rows as unknown as Row[]
  })
}
