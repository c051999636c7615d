import { z } from "@medusajs/framework/zod"
import type { POINTS_ENTRY_KINDS } from "./models/entry"

export type PointsEntryKind = (typeof POINTS_ENTRY_KINDS)[number]

export const pointsSettingsSchema = z.object({
  /** Let balances go below zero instead of refusing the movement. */
  allowNegative: z.boolean().default(false),
  /** PTS-3: points for web orders (never for POS imports). */
  onlineEarning: z
    .object({
      enabled: z.boolean().default(false),
      ratePercent: z.number().min(0).max(100).default(1),
    })
    .default({ enabled: false, ratePercent: 1 }),
  /** Earned points (sales, web orders) expire this many days after they are granted; null = never. */
  earnExpiryDays: z.number().int().positive().nullable().default(null),
})

export type PointsSettings = z.infer<typeof pointsSettingsSchema>
export type PointsModuleOptions = z.input<typeof pointsSettingsSchema>

export const pointsSettingsPatchSchema = z.object({
  allowNegative: z.boolean().optional(),
  onlineEarning: z.object({ enabled: z.boolean().optional(), ratePercent: z.number().min(0).max(100).optional() }).optional(),
  earnExpiryDays: z.number().int().positive().nullable().optional(),
})
export type PointsSettingsPatch = z.infer<typeof pointsSettingsPatchSchema>

export type PointsEntryRow = {
  id: string
  customer_id: string
  source_key: string
  source: string | null
  kind: PointsEntryKind
  amount: number
  remaining: number
  reason: string
  actor: string
  expires_at: Date | null
  version: string | null
  metadata: Record<string, unknown> | null
  created_at: Date
}

export type MovementInput = {
  customer_id: string
  source_key: string
  source?: string | null
  kind: PointsEntryKind
  /** Signed whole points. */
  amount: number
  reason: string
  /** A user id, "smaregi" or "system". */
  actor: string
  expires_at?: Date | string | null
  version?: string | null
  metadata?: Record<string, unknown> | null
  /**
   * Credits give back first what earlier movements of the same source and kind consumed; debits draw
   * first from the same source and kind's grants. Makes reversals exact.
   */
  linked?: boolean
}

export type MovementResult = {
  entries: PointsEntryRow[]
  /** source keys that already existed (replays) */
  skipped: string[]
  changed_customer_ids: string[]
}

export type SourcePointsInput = {
  source: string
  customer_id: string
  version: string
  /** Desired net movement per kind for this source, e.g. { spend: -100, earn: 50 }. */
  targets: Partial<Record<"earn" | "spend", number>>
  actor: string
  reasons?: Partial<Record<"earn" | "spend", string>>
  /** Expiry of newly granted (earned) points; defaults from `earnExpiryDays`. */
  expires_at?: Date | string | null
  metadata?: Record<string, unknown> | null
  /**
   * PTS-5: the movement already happened at the register, so it is recorded even when it takes the balance below
   * zero (allowNegative or not); such debits come back as `drift`.
   */
  register?: boolean
}

/** A debit larger than the ledger held: recorded anyway (a register movement), the balance went below what was there. */
export type PointsDrift = {
  customer_id: string
  source_key: string
  kind: PointsEntryKind
  /** The debit (negative). */
  amount: number
  balance_before: number
  balance_after: number
}

export type SourcePointsResult = MovementResult & {
  status: "applied" | "replayed" | "stale"
  /** Debits that took more than the ledger held (only with `register`; empty otherwise). */
  drift: PointsDrift[]
}

export type PointsBalance = {
  balance: number
  /** ISO timestamp at which the earliest-expiring remaining points expire. */
  nearest_expiry: string | null
  nearest_expiry_points: number
}

export type ExpiryResult = {
  customer_id: string
  expired: number
  by_date: { expires_on: string; points: number }[]
}
