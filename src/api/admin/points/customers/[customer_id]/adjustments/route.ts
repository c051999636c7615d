import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { POINTS_MODULE } from "../../../../../../modules/points"
import type PointsModuleService from "../../../../../../modules/points/service"
import { adjustPointsWorkflow } from "../../../../../../workflows/points/adjust-points"
import { adminEntry } from "../../../serialize"
import type { AdminPointsAdjustmentType } from "../../../validators"

export async function POST(req: AuthenticatedMedusaRequest<AdminPointsAdjustmentType>, res: MedusaResponse) {
  const customer_id = req.params.customer_id
  await req.scope.resolve(Modules.CUSTOMER).retrieveCustomer(customer_id)
  const body = req.validatedBody
  const { result } = await adjustPointsWorkflow(req.scope).run({
    input: {
      customer_id,
      amount: body.amount,
      reason: body.reason,
      expires_at: body.expires_at ?? null,
      idempotency_key: body.idempotency_key,
      actor: req.auth_context.actor_id,
    },
  })
  const balance = await req.scope.resolve<PointsModuleService>(POINTS_MODULE).getBalance(customer_id)
  res.status(result.entries.length ? 201 : 200).json({ entry: result.entries[0] ? adminEntry(result.entries[0]) : null, ...balance })
}
