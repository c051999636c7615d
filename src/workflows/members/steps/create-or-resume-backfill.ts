import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { smaregiService } from "../store"

export type BackfillRecord = { id: string; connection_id: string; status: string; resumed: boolean }

/** Resumes the connection's unfinished backfill from its cursor, or starts a new one. */
export const createOrResumeBackfillStep = createStep(
  "smaregi-create-or-resume-backfill",
  async (input: { connection_id: string; total: number }, { container }) => {
    const smaregi = smaregiService(container)
    const [unfinished] = await smaregi.listSmaregiBackfills(
      { connection_id: input.connection_id, status: ["running", "stopped"] },
      { order: { created_at: "DESC" }, take: 1 }
    )
    if (unfinished) {
      if (unfinished.status !== "running") await smaregi.updateSmaregiBackfills({ id: unfinished.id, status: "running", last_error: null })
      const record: BackfillRecord = { id: unfinished.id, connection_id: input.connection_id, status: "running", resumed: true }
      return new StepResponse(record, null)
    }
    const created = await smaregi.createSmaregiBackfills({ connection_id: input.connection_id, status: "running", total: input.total })
    const record: BackfillRecord = { id: created.id, connection_id: input.connection_id, status: "running", resumed: false }
    return new StepResponse(record, created.id)
  },
  async (createdId, { container }) => {
    if (createdId) await smaregiService(container).deleteSmaregiBackfills(createdId)
  }
)
