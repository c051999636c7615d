import { envMs } from "../../smaregi/env"

/** Timing of member sync; env vars let tests (and operators) shorten or lengthen it. Read at call time. */
export type MemberSyncTiming = {
  /** Coalescing window: one sync per customer per window carries the latest state. */
  delayMs: number
  retryBaseMs: number
  retryMaxMs: number
  /** Transient failures in a row before a member is marked failed. */
  maxAttempts: number
  /** How long a claimed member is hidden from other syncs while its sync is in flight. */
  leaseMs: number
  /** A running backfill whose runner has been silent this long is picked up by the retry job. */
  backfillStaleMs: number
  /** How long customer_ref finding new ids unused vouches for their first write (OUT-11); 0 looks before every write. */
  idClearanceMs: number
}

export function memberSyncTiming(): MemberSyncTiming {
  return {
    delayMs: envMs("SMAREGI_MEMBER_SYNC_DELAY_MS", 1000),
    retryBaseMs: envMs("SMAREGI_MEMBER_RETRY_BASE_MS", 30_000),
    retryMaxMs: envMs("SMAREGI_MEMBER_RETRY_MAX_MS", 3_600_000),
    maxAttempts: Math.max(1, Math.floor(envMs("SMAREGI_MEMBER_MAX_ATTEMPTS", 25))),
    leaseMs: envMs("SMAREGI_MEMBER_LEASE_MS", 300_000),
    backfillStaleMs: envMs("SMAREGI_BACKFILL_STALE_MS", 120_000),
    idClearanceMs: envMs("SMAREGI_MEMBER_ID_CLEARANCE_MS", 10_000),
  }
}

/** After this many pages of a bulk run (backfill, member import), the member table's planner statistics are refreshed. */
export const STATISTICS_AFTER_PAGES = 3
