import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { type SyncMembersResult, syncMembersWorkflow } from "./sync-members"
import type { MemberSyncResult } from "./steps/record-member-outcomes"
import { memberRecords } from "./store"

const MAX_RUNS = 50
/** Due times further away than this are left to the retry job. */
const WAKE_UP_HORIZON_MS = 5 * 60_000

/** Runs the sync workflow until nothing due is left (or, with memberIds, once for those members). */
export async function syncDueMembers(
  container: MedusaContainer,
  connectionId: string,
  options: { memberIds?: string[] } = {}
): Promise<MemberSyncResult[]> {
  const results: MemberSyncResult[] = []
  for (let run = 0; run < MAX_RUNS; run++) {
    const { result } = await syncMembersWorkflow(container).run({
      input: { connection_id: connectionId, member_ids: options.memberIds },
    })
    const summary = result as SyncMembersResult
    results.push(...summary.results)
    if (options.memberIds || summary.claimed === 0) break
  }
  return results
}

type FlushState = { timer: NodeJS.Timeout | null; dueAt: number; running: Promise<void> | null }
type FlushRegistry = { states: Map<string, FlushState> }

const REGISTRY_KEY = Symbol.for("medusa-plugin-smaregi.member-flush")

// One registry per process, even if this file is loaded twice (app loader and tests).
function registry(): FlushRegistry {
  const g = globalThis as typeof globalThis & { [REGISTRY_KEY]?: FlushRegistry }
  g[REGISTRY_KEY] ??= { states: new Map() }
  return g[REGISTRY_KEY]
}

function stateOf(connectionId: string): FlushState {
  const states = registry().states
  let state = states.get(connectionId)
  if (!state) {
    state = { timer: null, dueAt: 0, running: null }
    states.set(connectionId, state)
  }
  return state
}

/**
 * Coalesces push requests: the connection's due members are pushed once, `delayMs` from the earliest pending
 * request. After a run it wakes up again for the next due member (the rest of a window, a backoff, a save during
 * the push). In-process only; the retry job is the durable safety net.
 */
export function requestMemberFlush(container: MedusaContainer, connectionId: string, delayMs: number): void {
  const state = stateOf(connectionId)
  const at = Date.now() + Math.max(0, delayMs)
  if (state.timer && state.dueAt <= at) return
  if (state.timer) clearTimeout(state.timer)
  state.dueAt = at
  // A few ms late so the database clock agrees the members are due.
  state.timer = setTimeout(() => void flush(container, connectionId), Math.max(0, delayMs) + 25)
  state.timer.unref?.()
}

async function flush(container: MedusaContainer, connectionId: string): Promise<void> {
  const state = stateOf(connectionId)
  state.timer = null
  if (state.running) {
    await state.running
    requestMemberFlush(container, connectionId, 0)
    return
  }
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  let pushed = 0
  state.running = (async () => {
    try {
      pushed = (await syncDueMembers(container, connectionId)).length
    } catch (e) {
      logger.error(`smaregi: member sync for connection ${connectionId} failed: ${e instanceof Error ? e.message : String(e)}`)
    }
  })()
  await state.running
  state.running = null
  const nextMs = await memberRecords(container)
    .members.nextDueInMs(connectionId)
    .catch(() => null)
  // Due members that could not be claimed (member sync switched off, an error) are left to the retry job.
  const blocked = pushed === 0 && nextMs === 0
  if (nextMs !== null && !blocked && nextMs <= WAKE_UP_HORIZON_MS) requestMemberFlush(container, connectionId, nextMs)
}

/** Resolves when no flush is scheduled within `horizonMs` or running (tests wait on it before ending). */
export async function memberFlushIdle(options: { timeoutMs?: number; horizonMs?: number } = {}): Promise<boolean> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000)
  const horizon = options.horizonMs ?? 60_000
  while (Date.now() < deadline) {
    const busy = [...registry().states.values()].some((s) => s.running || (s.timer && s.dueAt - Date.now() <= horizon))
    if (!busy) return true
    await new Promise((r) => setTimeout(r, 50))
  }
  return false
}

/** Cancels every scheduled flush of this process (tests, between database resets). */
export function cancelMemberFlushes(): void {
  for (const state of registry().states.values()) {
    if (state.timer) clearTimeout(state.timer)
    state.timer = null
  }
}
