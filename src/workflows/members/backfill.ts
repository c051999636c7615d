import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { memberSyncTiming } from "./config"
import { enqueueMemberSyncWorkflow } from "./enqueue-member-sync"
import { pushDueMembers } from "./flush"
import type { BackfillRow } from "./member-store"
import { type BackfillCount, countBackfillCandidatesStep, registeredCustomersAfter } from "./steps/count-backfill-candidates"
import { type BackfillRecord, createOrResumeBackfillStep } from "./steps/create-or-resume-backfill"
import type { EnqueueMembersResult } from "./steps/enqueue-members"
import { stopBackfillStep } from "./steps/stop-backfill"
import { memberStore, smaregiService } from "./store"

export type StartBackfillInput = { connection_id: string; dry_run?: boolean }
export type StartBackfillResult = { count: BackfillCount; backfill: BackfillRecord | null }

/** OUT-7: counts the customers (dry run: nothing else) or starts/resumes the connection's backfill. */
export const startMemberBackfillWorkflow = createWorkflow("smaregi-start-member-backfill", (input: StartBackfillInput) => {
  const count = countBackfillCandidatesStep({ connection_id: input.connection_id, dry_run: input.dry_run })
  const backfill = when({ input }, ({ input }) => !input.dry_run).then(() =>
    createOrResumeBackfillStep({ connection_id: input.connection_id, total: count.registered })
  )
  const result = transform({ count, backfill }, ({ count, backfill }): StartBackfillResult => ({ count, backfill: backfill ?? null }))
  return new WorkflowResponse(result)
})

export const stopMemberBackfillWorkflow = createWorkflow("smaregi-stop-member-backfill", (input: { id: string }) => {
  return new WorkflowResponse(stopBackfillStep(input))
})

type BatchResult = "continue" | "finished" | "paused"

/** One batch: the next customers after the cursor are enqueued and pushed through the normal member path. */
async function runBatch(container: MedusaContainer, backfill: BackfillRow): Promise<BatchResult> {
  const store = memberStore(container)
  const connection = await smaregiService(container).getPublicConnection(backfill.connection_id)
  if (!connection.enabled || !connection.settings.memberSyncEnabled) {
    await store.noteBackfillError(backfill.id, "Member sync is off for this connection; the backfill waits")
    return "paused"
  }
  const page = await registeredCustomersAfter(container, backfill.cursor, connection.settings.memberBatchSize)
  if (!page.length) {
    await store.completeBackfill(backfill.id)
    return "finished"
  }
  const { result } = await enqueueMemberSyncWorkflow(container).run({
    input: { customer_ids: page.map((c) => c.id), connection_id: connection.id, delay_ms: 0 },
  })
  const enqueued = result as EnqueueMembersResult
  const results = await pushDueMembers(container, connection.id, { memberIds: enqueued.queued.map((q) => q.member_id) })
  const retrying = results.filter((r) => r.outcome === "retrying")
  if (retrying.length) {
    // Smaregi is unavailable: stay on this batch; synced rows of it are not pushed again (hash check).
    await store.noteBackfillError(backfill.id, `${retrying[0].error_code}: ${retrying[0].error ?? "transient error"}`)
    return "paused"
  }
  const failed = results.filter((r) => r.outcome === "failed").length
  await store.advanceBackfill(backfill.id, {
    cursor: page[page.length - 1].id,
    done: enqueued.queued.length - failed,
    failed,
    skipped: enqueued.skipped.length,
    lastError: failed ? results.find((r) => r.outcome === "failed")?.error ?? null : null,
  })
  return "continue"
}

const ACTIVE_KEY = Symbol.for("medusa-plugin-smaregi.active-backfills")

function activeBackfills(): Set<string> {
  const g = globalThis as typeof globalThis & { [ACTIVE_KEY]?: Set<string> }
  g[ACTIVE_KEY] ??= new Set()
  return g[ACTIVE_KEY]
}

/** Runs a backfill batch by batch until it finishes, is stopped, or Smaregi is unavailable (the job resumes it). */
export async function runMemberBackfill(container: MedusaContainer, id: string): Promise<BatchResult | "stopped"> {
  const store = memberStore(container)
  for (;;) {
    const backfill = await store.heartbeatBackfill(id)
    if (!backfill) return "stopped"
    const outcome = await runBatch(container, backfill)
    if (outcome !== "continue") return outcome
  }
}

/** Starts the runner in this process unless one is already running here. */
export function runMemberBackfillInBackground(container: MedusaContainer, id: string): void {
  const active = activeBackfills()
  if (active.has(id)) return
  active.add(id)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  void (async () => {
    let outcome: Awaited<ReturnType<typeof runMemberBackfill>> | "error" = "error"
    try {
      outcome = await runMemberBackfill(container, id)
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      logger.error(`smaregi: member backfill ${id} failed: ${message}`)
      await memberStore(container)
        .noteBackfillError(id, message)
        .catch(() => undefined)
    } finally {
      active.delete(id)
    }
    // Started again while this runner was leaving: keep going.
    if (outcome === "stopped") {
      const backfill = await smaregiService(container)
        .retrieveSmaregiBackfill(id)
        .catch(() => null)
      if (backfill?.status === "running") runMemberBackfillInBackground(container, id)
    }
  })()
}

/** Picks up running backfills whose runner went silent (crash, restart, Smaregi outage). */
export async function resumeStaleBackfills(container: MedusaContainer): Promise<string[]> {
  const active = activeBackfills()
  const ids = (await memberStore(container).claimStaleBackfills(memberSyncTiming().backfillStaleMs)).filter((id) => !active.has(id))
  for (const id of ids) runMemberBackfillInBackground(container, id)
  return ids
}

/** Resolves when no backfill runner of this process is active (tests). */
export async function memberBackfillsIdle(timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (activeBackfills().size === 0) return true
    await new Promise((r) => setTimeout(r, 50))
  }
  return false
}
