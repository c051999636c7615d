import { SmaregiApiError, SmaregiTransportError } from "../../smaregi/errors"
import { SmaregiNotConfiguredError } from "../../modules/smaregi/transport/types"

/** transient: retry later; row: the data of some row is refused; config: every row would fail the same way. */
export type SyncFailureKind = "transient" | "row" | "config"

export type SyncFailure = { kind: SyncFailureKind; code: string; message: string }

// Codes that can be caused by one row's data (41 invalid input, 42 already exists, 11 invalid request data).
const ROW_LEVEL_CODES = new Set([11, 41, 42])

export function classifySyncError(error: unknown): SyncFailure {
  if (error instanceof SmaregiApiError) {
    const code = error.errorCode !== null ? String(error.errorCode) : error.code
    const message = error.description && error.description !== error.message ? `${error.message} (${error.description})` : error.message
    if (error.retryable) return { kind: "transient", code, message }
    const kind = error.errorCode !== null && ROW_LEVEL_CODES.has(error.errorCode) ? "row" : "config"
    return { kind, code, message }
  }
  if (error instanceof SmaregiTransportError) {
    return { kind: error.retryable ? "transient" : "config", code: error.code, message: error.message }
  }
  const message = error instanceof Error ? error.message : String(error)
  return { kind: "config", code: error instanceof SmaregiNotConfiguredError ? "not_configured" : "internal_error", message }
}

/** Exponential backoff with jitter: base·2^attempts, capped, scaled by a random factor in [0.5, 1). */
export function retryDelayMs(attemptsSoFar: number, timing: { retryBaseMs: number; retryMaxMs: number }, random = Math.random): number {
  const exponential = timing.retryBaseMs * 2 ** Math.max(0, attemptsSoFar)
  const capped = Math.min(timing.retryMaxMs, exponential)
  return Math.round(capped * (0.5 + random() * 0.5))
}
