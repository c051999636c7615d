import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SMAREGI_MODULE } from "../../../../modules/smaregi"
import type SmaregiModuleService from "../../../../modules/smaregi/service"
import { transactionFilters } from "./filters"
import type { AdminListSmaregiTransactionsType } from "./validators"

// The list leaves out the raw head/details; GET /admin/smaregi/transactions/:id has them.
export const TRANSACTION_LIST_FIELDS = [
  "id",
  "connection_id",
  "transaction_head_id",
  "upd_date_time",
  "applied_upd_date_time",
  "status",
  "action",
  "reason_code",
  "reason",
  "attempts",
  "order_id",
  "store_id",
  "customer_code",
  "total",
  "transaction_date_time",
  "request_id",
  "processed_at",
  "points_drift",
  "created_at",
  "updated_at",
]

export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminListSmaregiTransactionsType>, res: MedusaResponse) {
  const smaregi: SmaregiModuleService = req.scope.resolve(SMAREGI_MODULE)
  const { limit, offset, ...filter } = req.validatedQuery as AdminListSmaregiTransactionsType
  const [transactions, count] = await smaregi.listAndCountSmaregiTransactions(transactionFilters(filter), {
    select: TRANSACTION_LIST_FIELDS,
    order: { created_at: "DESC", id: "DESC" },
    skip: offset,
    take: limit,
  })
  res.json({ transactions, count, limit, offset })
}
