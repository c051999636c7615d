import { z } from "@medusajs/framework/zod"

// Custom messages name their field: Medusa passes them through unchanged.
const isoDate = (field: string) =>
  z.string().refine((v) => !Number.isNaN(Date.parse(v)), { message: `${field}: must be an ISO date (YYYY-MM-DD) or date-time` })

export const PointsHistoryQuery = z.object({
  limit: z.coerce.number({ message: "must be a number" }).int().min(1).max(200).default(20),
  offset: z.coerce.number({ message: "must be a number" }).int().min(0).default(0),
})
export type PointsHistoryQueryType = z.infer<typeof PointsHistoryQuery>

export const AdminPointsAdjustment = z.object({
  amount: z
    .number({ message: "must be a number" })
    .int({ message: "must be a whole number of points" })
    .refine((v) => v !== 0, { message: "amount: must not be zero" }),
  reason: z.string({ message: "is required" }).trim().min(1, { message: "is required" }).max(500),
  expires_at: isoDate("expires_at").nullish(),
  idempotency_key: z.string().min(1).max(200).optional(),
})
export type AdminPointsAdjustmentType = z.infer<typeof AdminPointsAdjustment>

const rankRule = {
  name: z.string().trim().max(200).nullish(),
  customer_group_id: z.string({ message: "is required" }).min(1, { message: "is required" }),
  min_spend: z.number({ message: "must be a number" }).min(0, { message: "must be 0 or more" }),
  window_days: z.number({ message: "must be a number" }).int().min(1).max(3660),
  priority: z.number({ message: "must be a number" }).int(),
  enabled: z.boolean(),
}
export const AdminCreateRankRule = z.object({
  ...rankRule,
  window_days: rankRule.window_days.default(365),
  priority: rankRule.priority.default(0),
  enabled: rankRule.enabled.default(true),
})
export type AdminCreateRankRuleType = z.infer<typeof AdminCreateRankRule>
export const AdminUpdateRankRule = z.object(rankRule).partial()
export type AdminUpdateRankRuleType = z.infer<typeof AdminUpdateRankRule>

export const AdminRankChangesQuery = PointsHistoryQuery.extend({ customer_id: z.string().optional(), run_id: z.string().optional() })
export type AdminRankChangesQueryType = z.infer<typeof AdminRankChangesQuery>

export const AdminRunBatch = z.object({
  dry_run: z.boolean({ message: "must be true or false" }).default(false),
  /** Evaluate as of this instant instead of now (for previews and tests). */
  now: isoDate("now").optional(),
})
export type AdminRunBatchType = z.infer<typeof AdminRunBatch>

export const AdminUpdatePointsSettings = z.object({
  allowNegative: z.boolean().optional(),
  onlineEarning: z
    .object({ enabled: z.boolean().optional(), ratePercent: z.number().min(0).max(100).optional() })
    .optional(),
  earnExpiryDays: z.number().int().positive().nullable().optional(),
})
export type AdminUpdatePointsSettingsType = z.infer<typeof AdminUpdatePointsSettings>
