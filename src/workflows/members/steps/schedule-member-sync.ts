import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { scheduleMemberSync } from "../wake"

/** Schedules one coalesced sync per connection that got members due (see wake.ts). */
export const scheduleMemberSyncStep = createStep(
  "smaregi-schedule-member-sync",
  async (input: { connection_ids: string[]; delay_ms: number }, { container }) => {
    for (const connectionId of new Set(input.connection_ids)) await scheduleMemberSync(container, connectionId, input.delay_ms)
    return new StepResponse(null)
  }
)
