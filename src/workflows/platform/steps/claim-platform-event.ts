import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMAREGI_MODULE } from "../../../modules/smaregi"
import type { PlatformEventRow } from "../../../modules/smaregi/repositories/platform-events"
import type SmaregiModuleService from "../../../modules/smaregi/service"

/** Takes a stored webhook for processing (counts the attempt); null when it was already processed. */
export const claimPlatformEventStep = createStep(
  "smaregi-claim-platform-event",
  async (input: { id: string }, { container }): Promise<StepResponse<PlatformEventRow | null>> => {
    const smaregi = container.resolve<SmaregiModuleService>(SMAREGI_MODULE)
    return new StepResponse(await smaregi.platformEvents().claim(input.id))
  }
)
