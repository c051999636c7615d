// Injected faults (one-shot answers, latency, stalls, drops, disabled procedures) and the per-second rate limit.
import http from "node:http"
import { SMAREGI_ERROR_CODES } from "../../src/smaregi/errors"
import { errorAnswer } from "./errors"
import type { Answer, FaultSpec } from "./types"

type OneShotFault = { kind: "status" | "smaregiError" | "drop" | "stall" | "respond"; spec: FaultSpec; remaining: number }

export class FaultState {
  latencyMs = 0
  rateLimitPerSecond: number | null = null
  retryAfterSeconds = 1
  disabledProcedures = new Set<string>()
  rateLimitViolations = 0
  maxObservedPerSecond = 0
  private oneShots: OneShotFault[] = []
  private arrivals: number[] = []

  apply(spec: FaultSpec): void {
    if (spec.latencyMs !== undefined) this.latencyMs = Math.max(0, spec.latencyMs)
    if (spec.rateLimitPerSecond !== undefined) this.rateLimitPerSecond = spec.rateLimitPerSecond
    if (spec.retryAfterSeconds !== undefined) this.retryAfterSeconds = spec.retryAfterSeconds
    if (spec.disabledProcedures !== undefined) this.disabledProcedures = new Set(spec.disabledProcedures)
    const remaining = spec.times ?? 1
    const kind: OneShotFault["kind"] | null =
      spec.drop === true
        ? "drop"
        : spec.respond
          ? "respond"
          : spec.smaregiError
          ? "smaregiError"
          : spec.status !== undefined
            ? "status"
            : spec.stallMs !== undefined
              ? "stall"
              : null
    if (kind && remaining !== 0) this.oneShots.push({ kind, spec, remaining })
  }

  clear(): void {
    this.oneShots = []
    this.latencyMs = 0
    this.rateLimitPerSecond = null
    this.retryAfterSeconds = 1
    this.disabledProcedures = new Set()
  }

  resetCounters(): void {
    this.arrivals = []
    this.rateLimitViolations = 0
    this.maxObservedPerSecond = 0
  }

  /** Requests seen in the last second, this one included. */
  recordArrival(): number {
    // Wall-clock time, as a server stamps requests and as the limiters count (Date.now, Redis TIME): a monotonic clock
    // drifts from it by milliseconds here, more than loopback latency leaves between a slot's release and the next call.
    const t = Date.now()
    this.arrivals = this.arrivals.filter((a) => a > t - 1000)
    this.arrivals.push(t)
    this.maxObservedPerSecond = Math.max(this.maxObservedPerSecond, this.arrivals.length)
    return this.arrivals.length
  }

  takeOneShot(procName: string | null): OneShotFault | undefined {
    const index = this.oneShots.findIndex((f) => !f.spec.procedures || (procName !== null && f.spec.procedures.includes(procName)))
    if (index < 0) return undefined
    const next = this.oneShots[index]
    if (next.remaining > 0) next.remaining--
    if (next.remaining === 0) this.oneShots.splice(index, 1)
    return next
  }

  /** The answer a status, respond or smaregiError shot forces; null lets the request go on. */
  injectedAnswer(shot: OneShotFault | undefined): Answer | null {
    if (shot?.kind === "status") {
      const status = shot.spec.status ?? 500
      const headers: Record<string, string> =
        status === 500 ? {} : { "Retry-After": String(shot.spec.retryAfterSeconds ?? this.retryAfterSeconds) }
      return { status, body: { error: http.STATUS_CODES[status] ?? "error" }, headers }
    }
    if (shot?.kind === "respond" && shot.spec.respond) return shot.spec.respond
    if (shot?.kind === "smaregiError" && shot.spec.smaregiError) {
      const { code, message, description, httpStatus } = shot.spec.smaregiError
      const known = (SMAREGI_ERROR_CODES as Record<number, { ja: string; en: string } | undefined>)[code]
      return errorAnswer(code, message ?? known?.ja ?? "エラーが発生しました。", description ?? known?.en ?? "injected error", httpStatus)
    }
    return null
  }
}
