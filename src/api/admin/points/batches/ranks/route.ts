import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { recomputeRanksWorkflow } from "../../../../../workflows/points/recompute-ranks"
import type { AdminRunBatchType } from "../../validators"

export async function POST(req: AuthenticatedMedusaRequest<AdminRunBatchType>, res: MedusaResponse) {
  const { dry_run, now } = req.validatedBody
  const { result } = await recomputeRanksWorkflow(req.scope).run({
    input: { dry_run, ...(now ? { now: new Date(now).toISOString() } : {}) },
  })
  res.json(result)
}
