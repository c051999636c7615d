import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMAREGI_MODULE } from "../../../modules/smaregi"
import type SmaregiModuleService from "../../../modules/smaregi/service"

/** Marks a stored webhook processed: its transactions are in the inbox. */
export const finishPlatformEventStep = createStep(
  "smaregi-finish-platform-event",
  async (input: { id: string }, { container }): Promise<StepResponse<void>> => {
    const smaregi = container.resolve<SmaregiModuleService>(SMAREGI_MODULE)
    await smaregi.platformEvents().finish(input.id, { status: "processed" })
    return new StepResponse(undefined)
  }
)
