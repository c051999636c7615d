import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { SMAREGI_MODULE } from "../../../../../modules/smaregi"
import type SmaregiModuleService from "../../../../../modules/smaregi/service"

/** One inbox row with its raw head/details, its delivery and processing events, and the linked order. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const smaregi: SmaregiModuleService = req.scope.resolve(SMAREGI_MODULE)
  const { id } = req.params
  const transaction = await smaregi.retrieveSmaregiTransaction(id)
  const events = await smaregi.listSmaregiTransactionEvents({ transaction_id: id }, { order: { created_at: "ASC", id: "ASC" } })
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "smaregi_transaction", fields: ["id", "order.id"], filters: { id } })
  const linked = (data[0] as { order?: { id: string } | null } | undefined)?.order?.id
  res.json({ transaction, events, order_id: linked ?? transaction.order_id ?? null })
}
