import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { smaregiService } from "../store"

/** Stops a running backfill after its current batch; starting a backfill again resumes it from its cursor. */
export const stopBackfillStep = createStep("smaregi-stop-backfill", async (input: { id: string }, { container }) => {
  const smaregi = smaregiService(container)
  const backfill = await smaregi.retrieveSmaregiBackfill(input.id)
  if (backfill.status !== "running") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Backfill ${input.id} is ${backfill.status}, not running`)
  }
  await smaregi.updateSmaregiBackfills({ id: input.id, status: "stopped" })
  return new StepResponse({ id: input.id, status: "stopped" })
})
