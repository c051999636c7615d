import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { SMAREGI_MODULE } from "../../../../../modules/smaregi"
import type SmaregiModuleService from "../../../../../modules/smaregi/service"
import { parseTransactionPush } from "../../../../../smaregi/push-parser"
import { previewSmaregiOrder } from "../../../../../workflows/sales/preview-order"
import type { AdminSmaregiDryRunType } from "../validators"

/** Dry run (ADM-2): a pasted push in, the orders it would create out. Nothing is written. */
export async function POST(req: AuthenticatedMedusaRequest<AdminSmaregiDryRunType>, res: MedusaResponse) {
  const smaregi: SmaregiModuleService = req.scope.resolve(SMAREGI_MODULE)
  const { connection_id, params, body } = req.validatedBody
  await smaregi.getPublicConnection(connection_id)
  const parsed = parseTransactionPush(body ?? { params: typeof params === "string" ? params : JSON.stringify(params) })
  if (!parsed.ok) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `${body !== undefined ? "body" : "params"}: ${parsed.error.message}`, parsed.error.code)
  }
  res.json({ preview: await previewSmaregiOrder(req.scope, connection_id, parsed.value) })
}
