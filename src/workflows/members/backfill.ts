import { randomUUID } from "node:crypto"
import type { IEventBusModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { PublicConnection } from "../../modules/smaregi/types"
import { memberSyncTiming, STATISTICS_AFTER_PAGES } from "./config"
import { memberSyncActive } from "../../smaregi/settings"
import { SmaregiEvents } from "../../events"
import { registeredCustomersAfter } from "./customers"
import { type EnqueueMemberSyncResult, enqueueMemberSyncWorkflow } from "./enqueue-member-sync"
import { type BackfillCount, countBackfillCandidatesStep } from "./steps/count-backfill-candidates"
import { type BackfillRecord, createOrResumeBackfillStep } from "./steps/create-or-resume-backfill"
import { stopBackfillStep } from "./steps/stop-backfill"
import { type PreparedMemberPage, prepareMemberPageWorkflow, sendMemberPageWorkflow } from "./sync-member-page"
import type { MemberSyncResult } from "./steps/record-member-outcomes"
import { memberRecords, smaregiService } from "./store"

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

type Page = { kind: "page"; cursor: string; connection: PublicConnection; customerIds: string[] }
type Batch = { kind: "batch"; cursor: string; connection: PublicConnection; enqueued: EnqueueMemberSyncResult; page: PreparedMemberPage }
type NoBatch = { kind: "end" } | { kind: "off" } | { kind: "error"; error: unknown }
type RunOutcome = "finished" | "paused" | "stopped" | "busy"

/** Pages prepared ahead while the current one is sent: enough to keep the rate limit busy when the host is slow. */
const PREPARED_AHEAD = 2

// Failures come back as values, not rejections: these promises may wait unobserved while another page is synced.
async function readPage(container: MedusaContainer, connectionId: string, cursor: string | null): Promise<Page | NoBatch> {
  try {
    const connection = await smaregiService(container).getPublicConnection(connectionId)
    if (!memberSyncActive(connection)) return { kind: "off" }
    const customers = await registeredCustomersAfter(container, cursor, connection.settings.memberBatchSize)
    if (!customers.length) return { kind: "end" }
    return { kind: "page", cursor: customers[customers.length - 1].id, connection, customerIds: customers.map((c) => c.id) }
  } catch (error) {
    return { kind: "error", error }
  }
}

/**
 * A page's customers enqueued as any save would be (due now, without a wake: the backfill syncs them itself),
 * then their members claimed and their rows built.
 */
async function preparePage(container: MedusaContainer, page: Page): Promise<Batch | NoBatch> {
  try {
    const { result } = await enqueueMemberSyncWorkflow(container).run({
      input: { customer_ids: page.customerIds, connection_id: page.connection.id, delay_ms: 0, schedule: false },
    })
    const enqueued = result as EnqueueMemberSyncResult
    const { result: prepared } = await prepareMemberPageWorkflow(container).run({
      input: { connection_id: page.connection.id, member_ids: enqueued.queued.map((q) => q.member_id) },
    })
    return { kind: "batch", cursor: page.cursor, connection: page.connection, enqueued, page: prepared as PreparedMemberPage }
  } catch (error) {
    return { kind: "error", error }
  }
}

/**
 * Runs a backfill page by page until it finishes, is stopped, or Smaregi is unavailable (the retry job resumes
 * it): each page is enqueued, claimed and built (prepareMemberPageWorkflow), then sent and recorded
 * (sendMemberPageWorkflow: syncMembersWorkflow's steps in two halves), then the cursor moves past it. The next
 * pages are prepared while a page is sent; members of pages prepared but not sent are given back (pending, due
 * now) to the resumed backfill or the normal sync. The lease keeps a second runner, in any process, off it.
 */
export async function runMemberBackfill(container: MedusaContainer, id: string): Promise<RunOutcome> {
  const store = memberRecords(container).backfills
  const owner = randomUUID()
  const leaseMs = memberSyncTiming().backfillStaleMs
  const first = await store.acquireLease(id, owner, leaseMs)
  if (!first) return "busy"
  let outcome: RunOutcome = "paused"
  try {
    outcome = await runPages(container, first.connection_id, first.cursor, {
      heartbeat: async () => !!(await store.acquireLease(id, owner, leaseMs)),
      advance: (batch, results) => {
        const failed = results.filter((r) => r.outcome === "failed")
        return store.advanceBackfill(id, {
          cursor: batch.cursor,
          done: batch.enqueued.queued.length - failed.length,
          failed: failed.length,
          skipped: batch.enqueued.skipped.length,
          lastError: failed[0]?.error ?? null,
        })
      },
      note: (message) => store.noteBackfillError(id, message),
      release: (memberIds) => memberRecords(container).members.release(memberIds),
      complete: () => store.completeBackfill(id),
      refreshStatistics: () => memberRecords(container).members.refreshStatistics(),
    })
  } finally {
    await store.releaseLease(id, owner)
  }
  // Started again while this runner was leaving: keep going.
  if (outcome === "stopped") {
    const backfill = await smaregiService(container)
      .retrieveSmaregiBackfill(id)
      .catch(() => null)
    if (backfill?.status === "running") await requestMemberBackfill(container, id)
  }
  return outcome
}

type Progress = {
  heartbeat: () => Promise<boolean>
  advance: (batch: Batch, results: MemberSyncResult[]) => Promise<void>
  release: (memberIds: string[]) => Promise<void>
  note: (message: string) => Promise<void>
  complete: () => Promise<void>
  refreshStatistics: () => Promise<void>
}

async function runPages(container: MedusaContainer, connectionId: string, cursor: string | null, progress: Progress): Promise<RunOutcome> {
  // Pages are read one after another (each starts after the previous one); their preparation overlaps the sends.
  let lastPage: Promise<Page | NoBatch | { kind: "start" }> = Promise.resolve({ kind: "start" })
  const prepareNext = (): Promise<Batch | NoBatch> => {
    const page = lastPage.then((p) =>
      p.kind === "start" || p.kind === "page" ? readPage(container, connectionId, p.kind === "page" ? p.cursor : cursor) : p
    )
    lastPage = page
    return page.then((p) => (p.kind === "page" ? preparePage(container, p) : p))
  }
  // The first page alone, so that the first call goes out as soon as possible.
  const ahead: Array<Promise<Batch | NoBatch>> = [prepareNext()]
  let unsent: Batch | null = null
  let sentPages = 0
  try {
    for (;;) {
      const next = await ahead.shift()!
      if (next.kind === "error") throw next.error
      if (next.kind === "end") {
        await progress.complete()
        return "finished"
      }
      if (next.kind === "off") {
        await progress.note("Member sync is off for this connection; the backfill waits")
        return "paused"
      }
      unsent = next
      if (!(await progress.heartbeat())) return "stopped"
      while (ahead.length < PREPARED_AHEAD) ahead.push(prepareNext())
      const { result } = await sendMemberPageWorkflow(container).run({
        input: { connection_id: connectionId, prepared: next.page.prepared },
      })
      unsent = null
      const results = result as MemberSyncResult[]
      const retrying = results.find((r) => r.outcome === "retrying")
      if (retrying) {
        // Smaregi is unavailable: stay on this page; its synced rows are not sent again (hash check).
        await progress.note(`${retrying.error_code}: ${retrying.error ?? "transient error"}`)
        return "paused"
      }
      await progress.advance(next, results)
      if (++sentPages === STATISTICS_AFTER_PAGES) await progress.refreshStatistics()
    }
  } finally {
    const given = (await Promise.all(ahead)).flatMap((a) => (a.kind === "batch" ? [a] : []))
    if (unsent) given.unshift(unsent)
    await progress.release(given.flatMap((b) => b.page.claimed)).catch(() => undefined)
  }
}

/** Asks for the backfill to run (smaregi.member.backfill_requested); its subscriber runs it in whichever process. */
export async function requestMemberBackfill(container: MedusaContainer, id: string): Promise<void> {
  await container.resolve<IEventBusModuleService>(Modules.EVENT_BUS).emit({ name: SmaregiEvents.MEMBER_BACKFILL_REQUESTED, data: { id } })
}

/** Asks again for running backfills nobody holds whose runner went silent (crash, restart, Smaregi outage). */
export async function resumeStaleBackfills(container: MedusaContainer): Promise<string[]> {
  const ids = await memberRecords(container).backfills.listStale(memberSyncTiming().backfillStaleMs)
  for (const id of ids) await requestMemberBackfill(container, id)
  return ids
}
