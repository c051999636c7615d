import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { memberSyncActive } from "../../../smaregi/settings"
import { memberRecords, smaregiService } from "../store"
import { scheduleMemberSync } from "../wake"

/** Due times further away than this are left to the retry job. */
const WAKE_UP_HORIZON_MS = 5 * 60_000

/**
 * After a run: another run at once while runs still claim members, else a wake for the next due member (the rest
 * of a window, a backoff, a save during the sync) — at once when one became due while this run worked. Due members
 * that could not be claimed because member sync is off are left to the retry job.
 */
export const scheduleNextMemberSyncStep = createStep(
  "smaregi-schedule-next-member-sync",
  async (input: { connection_id: string; claimed: number }, { container }) => {
    if (input.claimed > 0) {
      await scheduleMemberSync(container, input.connection_id, 0)
      return new StepResponse(null)
    }
    const nextMs = await memberRecords(container).members.nextDueInMs(input.connection_id)
    if (nextMs === null || nextMs > WAKE_UP_HORIZON_MS) return new StepResponse(null)
    if (nextMs === 0) {
      const connection = await smaregiService(container)
        .getPublicConnection(input.connection_id)
        .catch(() => null)
      if (!connection || !memberSyncActive(connection)) return new StepResponse(null)
    }
    await scheduleMemberSync(container, input.connection_id, nextMs)
    return new StepResponse(null)
  }
)
