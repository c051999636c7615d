import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SMAREGI_MODULE } from "../../../../../../modules/smaregi"
import type SmaregiModuleService from "../../../../../../modules/smaregi/service"
import { replaySmaregiTransaction } from "../../../../../../workflows/sales/replay-transaction"

/** Replay one failed / skipped / needs-attention transaction (after fixing a mapping). */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const smaregi: SmaregiModuleService = req.scope.resolve(SMAREGI_MODULE)
  const { id } = req.params
  await smaregi.retrieveSmaregiTransaction(id, { select: ["id"] })
  const result = await replaySmaregiTransaction(req.scope, id)
  res.json({ result, transaction: await smaregi.retrieveSmaregiTransaction(id) })
}
