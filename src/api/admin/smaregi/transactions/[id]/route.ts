import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SMAREGI_MODULE } from "../../../../../modules/smaregi"
import type SmaregiModuleService from "../../../../../modules/smaregi/service"

/** One inbox row with its raw head/details, its delivery and processing events, and its order. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const smaregi: SmaregiModuleService = req.scope.resolve(SMAREGI_MODULE)
  const { id } = req.params
  const transaction = await smaregi.retrieveSmaregiTransaction(id)
  const events = await smaregi.listSmaregiTransactionEvents({ transaction_id: id }, { order: { created_at: "ASC", id: "ASC" } })
  res.json({ transaction, events, order_id: transaction.order_id ?? null })
}
