import type { CustomerDTO, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { PublicConnection } from "../../modules/smaregi/types"
import type { SmaregiTransport } from "../../modules/smaregi/transport/types"
import { memberSyncTiming } from "./config"
import type { PreparedSync, SendResult } from "./outcomes"
import { memberSyncActive } from "../../smaregi/settings"
import { CUSTOMER_FIELDS, toMemberCustomer } from "./customers"
import { recordMemberSync } from "./sync-members"
import { claimDueMembers } from "./steps/claim-due-members"
import { type BackfillCount, countBackfillCandidatesStep, registeredCustomersAfter } from "./steps/count-backfill-candidates"
import { type BackfillRecord, createOrResumeBackfillStep } from "./steps/create-or-resume-backfill"
import { type EnqueueMembersResult, enqueueMembers } from "./steps/enqueue-members"
import { prepareMemberRows } from "./steps/prepare-member-rows"
import { sendMemberRows } from "./steps/send-member-rows"
import { stopBackfillStep } from "./steps/stop-backfill"
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

type Batch = { cursor: string; connection: PublicConnection; enqueued: EnqueueMembersResult; claimed: string[]; prepared: PreparedSync }
type NoBatch = { kind: "end" } | { kind: "off" } | { kind: "error"; error: unknown }
type Page = { kind: "page"; cursor: string; connection: PublicConnection; customers: CustomerDTO[] }
type Ahead = { kind: "batch"; batch: Batch } | NoBatch
type RunOutcome = "finished" | "paused" | "stopped"

/** Batches being prepared while the current one is sent: enough to keep the rate limit busy when the host is slow. */
const PREPARED_AHEAD = 2

// Failures come back as values, not rejections: these promises may wait unobserved while another batch is sent.
async function readPage(container: MedusaContainer, connectionId: string, cursor: string | null): Promise<Page | NoBatch> {
  try {
    const connection = await smaregiService(container).getPublicConnection(connectionId)
    if (!memberSyncActive(connection)) return { kind: "off" }
    const customers = await registeredCustomersAfter(container, cursor, connection.settings.memberBatchSize, CUSTOMER_FIELDS, ["groups"])
    if (!customers.length) return { kind: "end" }
    return { kind: "page", cursor: customers[customers.length - 1].id, connection, customers }
  } catch (error) {
    return { kind: "error", error }
  }
}

/**
 * Everything before the call: the page's customers enqueued as enqueueMemberSyncWorkflow does (eligibility and
 * look-ups from the page itself), their members claimed and their rows built from a fresh load.
 */
async function prepareBatch(container: MedusaContainer, page: Page): Promise<Ahead> {
  const { connection } = page
  let claimed: string[] = []
  try {
    const enqueued = await enqueueMembers(container, {
      connections: [{ id: connection.id, settings: connection.settings }],
      customers: page.customers.map(toMemberCustomer),
      delay_ms: 0,
    })
    const members = await claimDueMembers(
      container,
      { connection_id: connection.id, member_ids: enqueued.queued.map((q) => q.member_id) },
      connection
    )
    claimed = members.map((m) => m.id)
    const prepared = await prepareMemberRows(container, { connection_id: connection.id, members }, connection.settings)
    return { kind: "batch", batch: { cursor: page.cursor, connection, enqueued, claimed, prepared } }
  } catch (error) {
    await memberRecords(container)
      .members.release(claimed)
      .catch(() => undefined)
    return { kind: "error", error }
  }
}

/**
 * Runs a backfill until it finishes, is stopped, or Smaregi is unavailable (the job resumes it). Pipelined: the
 * next batches are prepared while the current one waits for its rate-limited call, and a batch's outcome is
 * recorded while the next call goes out. Outcomes are recorded in order; the cursor only moves past a batch
 * whose outcome is recorded and whose predecessors all moved it. Members of batches prepared but not sent are
 * given back (pending, due now) to the normal sync or the resumed backfill.
 */
export async function runMemberBackfill(container: MedusaContainer, id: string): Promise<RunOutcome> {
  const store = memberRecords(container)
  const first = await store.backfills.heartbeatBackfill(id)
  if (!first) return "stopped"
  const connectionId = first.connection_id
  // Set once a batch is retrying or could not be recorded: no later batch may move the cursor.
  let halted: string | null = null
  let failure: unknown = null
  let recording: Promise<void> = Promise.resolve()

  // Pages are read one after another (each starts after the previous one); the rest of their preparation overlaps.
  let lastPage: Promise<Page | NoBatch | { kind: "start" }> = Promise.resolve({ kind: "start" })
  const prepareNext = (): Promise<Ahead> => {
    const page = lastPage.then((p) =>
      p.kind === "start" || p.kind === "page" ? readPage(container, connectionId, p.kind === "page" ? p.cursor : first.cursor) : p
    )
    lastPage = page
    return page.then((p) => (p.kind === "page" ? prepareBatch(container, p) : p))
  }

  let transport: { version: number; transport: Promise<SmaregiTransport> } | null = null
  const transportOf = (connection: PublicConnection): Promise<SmaregiTransport> => {
    const version = new Date(connection.updated_at).getTime()
    if (transport?.version !== version) {
      const created = smaregiService(container).transportFor(connection.id)
      created.catch(() => {
        if (transport?.transport === created) transport = null
      })
      transport = { version, transport: created }
    }
    return transport.transport
  }

  const record = async (batch: Batch, sent: SendResult[]): Promise<void> => {
    try {
      const results = await recordMemberSync(container, {
        connection_id: connectionId,
        prepared: batch.prepared,
        sent,
        settings: batch.connection.settings,
      })
      const retrying = results.find((r) => r.outcome === "retrying")
      if (retrying && !halted) {
        // Smaregi is unavailable: stay on this batch; synced rows of it are not sent again (hash check).
        halted = `${retrying.error_code}: ${retrying.error ?? "transient error"}`
        await store.backfills.noteBackfillError(id, halted)
      }
      if (halted) return
      const failed = results.filter((r) => r.outcome === "failed")
      await store.backfills.advanceBackfill(id, {
        cursor: batch.cursor,
        done: batch.enqueued.queued.length - failed.length,
        failed: failed.length,
        skipped: batch.enqueued.skipped.length,
        lastError: failed[0]?.error ?? null,
      })
    } catch (e) {
      halted ??= e instanceof Error ? e.message : String(e)
      failure ??= e
    }
  }

  // The first batch alone, so that the first call goes out as soon as possible.
  const ahead: Array<Promise<Ahead>> = [prepareNext()]
  let unsent: Batch | null = null
  let outcome: RunOutcome = "paused"
  try {
    for (;;) {
      const next = await ahead.shift()!
      if (next.kind === "error") throw next.error
      if (next.kind !== "batch") {
        await recording
        if (!halted && next.kind === "end") await store.backfills.completeBackfill(id)
        if (!halted && next.kind === "off") {
          await store.backfills.noteBackfillError(id, "Member sync is off for this connection; the backfill waits")
        }
        outcome = next.kind === "end" && !halted ? "finished" : "paused"
        break
      }
      const batch = (unsent = next.batch)
      if (halted || !(await store.backfills.heartbeatBackfill(id))) {
        outcome = halted ? "paused" : "stopped"
        break
      }
      while (ahead.length < PREPARED_AHEAD) ahead.push(prepareNext())
      const sent = await sendMemberRows(container, connectionId, batch.prepared.writes, {
        transport: transportOf(batch.connection),
        settings: batch.connection.settings,
      })
      unsent = null
      recording = recording.then(() => record(batch, sent))
      // A transient failure decides whether to go on: wait until this batch's outcome is recorded.
      if (sent.some((r) => !r.ok && r.failure.kind === "transient")) await recording
    }
  } finally {
    const given = (await Promise.all(ahead)).flatMap((a) => (a.kind === "batch" ? [a.batch] : []))
    if (unsent) given.unshift(unsent)
    await store.members.release(given.flatMap((b) => b.claimed)).catch(() => undefined)
    await recording
  }
  if (failure) throw failure
  return outcome
}

const ACTIVE_KEY = Symbol.for("medusa-plugin-smaregi.active-backfills")

function activeBackfills(): Set<string> {
  const g = globalThis as typeof globalThis & { [ACTIVE_KEY]?: Set<string> }
  g[ACTIVE_KEY] ??= new Set()
  return g[ACTIVE_KEY]
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
      await memberRecords(container)
        .backfills.noteBackfillError(id, message)
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
  const ids = (await memberRecords(container).backfills.claimStaleBackfills(memberSyncTiming().backfillStaleMs)).filter((id) => !active.has(id))
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
