import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { memberRecords } from "../store"
import { scheduleMemberSync } from "../wake"

/** Due times further away than this are left to the retry job. */
const WAKE_UP_HORIZON_MS = 5 * 60_000

/**
 * After a run: another run at once while runs still claim members, else a wake for the next due member (the rest
 * of a window, a backoff, a save during the sync). Due members that could not be claimed (member sync switched
 * off) are left to the retry job.
 */
export const scheduleNextMemberSyncStep = createStep(
  "smaregi-schedule-next-member-sync",
  async (input: { connection_id: string; claimed: number }, { container }) => {
    if (input.claimed > 0) {
      await scheduleMemberSync(container, input.connection_id, 0)
      return new StepResponse(null)
    }
    const nextMs = await memberRecords(container).members.nextDueInMs(input.connection_id)
    if (nextMs !== null && nextMs > 0 && nextMs <= WAKE_UP_HORIZON_MS) await scheduleMemberSync(container, input.connection_id, nextMs)
    return new StepResponse(null)
  }
)
