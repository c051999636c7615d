import type { IEventBusModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { SmaregiEvents } from "../../events"
import { jstDateTime } from "../../smaregi/reconcile-windows"
import type { PullRun as PullRunOf, PullRunStatus } from "../../smaregi/admin-types"
import { errorMessage } from "./lib/outcome"
import { smaregiService } from "./lib/transaction-row"
import { type PastRange, type PullCounts, reconcileSmaregiConnection } from "./reconcile"

export type { PullRunStatus }
export type PullRun = PullRunOf<Date | string>

/** A run nobody has written to for this long is no longer running (its server stopped). */
export const PULL_RUN_STALE_MS = 30 * 60_000

/** Today's date in JST, "YYYY-MM-DD". */
export const jstToday = (now = new Date()): string => jstDateTime(now).slice(0, 10)

const countsOf = (c: PullCounts) => ({
  windows_total: c.windows_total,
  windows_done: c.windows_done,
  heads: c.heads,
  known: c.known,
  imported: c.imported,
  skipped: c.skipped,
  failed: c.failed,
})

/**
 * Records a pull (no range: from the watermark to now; a range: the sales made on those JST days) and asks for
 * it to run in the background. A connection runs one pull at a time: a running one is answered instead.
 */
export async function startPullRun(
  container: MedusaContainer,
  connectionId: string,
  range: PastRange | null
): Promise<{ run: PullRun; started: boolean }> {
  const smaregi = smaregiService(container)
  await smaregi.getPublicConnection(connectionId)
  await failStalePullRuns(container)
  const [running] = (await smaregi.listSmaregiPullRuns({ connection_id: connectionId, status: "running" })) as unknown as PullRun[]
  if (running) return { run: running, started: false }
  const run = (await smaregi.createSmaregiPullRuns({
    connection_id: connectionId,
    kind: range ? "past_sales" : "pull_now",
    date_from: range?.from ?? null,
    date_to: range?.to ?? null,
  })) as unknown as PullRun
  await container.resolve<IEventBusModuleService>(Modules.EVENT_BUS).emit({ name: SmaregiEvents.PULL_REQUESTED, data: { id: run.id } })
  return { run, started: true }
}

export async function retrievePullRun(container: MedusaContainer, connectionId: string, id: string): Promise<PullRun> {
  const [run] = (await smaregiService(container).listSmaregiPullRuns({ id, connection_id: connectionId })) as unknown as PullRun[]
  if (!run) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Pull run ${id} of connection ${connectionId} was not found`)
  return run
}

/** Runs a recorded pull through the same inbox and processing as pushed sales, writing progress after each window. */
export async function runPull(container: MedusaContainer, id: string): Promise<PullRun> {
  const smaregi = smaregiService(container)
  const run = (await smaregi.retrieveSmaregiPullRun(id)) as unknown as PullRun
  if (run.status !== "running") return run
  const finish = (fields: Partial<PullRun>) =>
    smaregi.updateSmaregiPullRuns({ id, ...fields, finished_at: new Date() } as never) as unknown as Promise<PullRun>
  try {
    const result = await reconcileSmaregiConnection(container, run.connection_id, {
      manual: true,
      range: run.kind === "past_sales" && run.date_from && run.date_to ? { from: run.date_from, to: run.date_to } : undefined,
      onProgress: async (counts) => {
        await smaregi.updateSmaregiPullRuns({ id, ...countsOf(counts) })
      },
    })
    const counts = countsOf({ ...result, skipped: result.sales_skipped })
    if (result.skipped) return await finish({ ...counts, status: "failed", error: `Nothing was pulled: ${result.skipped}` })
    if (result.windows_done < result.windows_total) {
      return await finish({ ...counts, status: "failed", error: result.errors[result.errors.length - 1] ?? "stopped before the last window" })
    }
    const problems = result.errors.length ? `${result.errors.length} problem(s), first: ${result.errors[0]}` : null
    return await finish({ ...counts, status: "done", error: problems })
  } catch (error) {
    container.resolve(ContainerRegistrationKeys.LOGGER).error(`smaregi: pull ${id} of connection ${run.connection_id} failed: ${errorMessage(error)}`)
    return finish({ status: "failed", error: errorMessage(error) })
  }
}

/** Marks running pulls without progress for PULL_RUN_STALE_MS as failed, so that a new one can start. */
export async function failStalePullRuns(container: MedusaContainer, now = new Date()): Promise<string[]> {
  const smaregi = smaregiService(container)
  const running = (await smaregi.listSmaregiPullRuns({ status: "running" })) as unknown as PullRun[]
  const stale = running.filter((r) => now.getTime() - new Date(r.updated_at).getTime() > PULL_RUN_STALE_MS)
  for (const run of stale) {
    await smaregi.updateSmaregiPullRuns({ id: run.id, status: "failed", error: "interrupted: no progress for 30 minutes (server restarted?)", finished_at: now })
  }
  return stale.map((r) => r.id)
}
