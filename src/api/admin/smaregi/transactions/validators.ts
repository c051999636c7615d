import { z } from "@medusajs/framework/zod"
import { TRANSACTION_STATUSES } from "../../../../modules/smaregi/models/transaction"

/** `a,b` or repeated `?x=a&x=b` → ["a","b"], each checked against `values`. */
export function listOf<const T extends readonly [string, ...string[]]>(field: string, values: T) {
  return z.union([z.string(), z.array(z.string())]).transform((v, ctx) => {
    const list = (Array.isArray(v) ? v : [v])
      .flatMap((s) => s.split(","))
      .map((s) => s.trim())
      .filter(Boolean)
    const unknown = list.filter((s) => !values.includes(s))
    if (unknown.length) {
      ctx.addIssue({ code: "custom", message: `${field}: ${unknown.join(", ")} is not one of ${values.join(", ")}` })
      return z.NEVER
    }
    return list as Array<T[number]>
  })
}

export const paginationFields = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
}

export const AdminListSmaregiTransactions = z.object({
  status: listOf("status", TRANSACTION_STATUSES).optional(),
  connection_id: z.string().trim().min(1).optional(),
  /** Matches transactionHeadId, storeId or customerCode (substring, case-insensitive). */
  q: z.string().trim().optional(),
  /** `true`: only sales whose register points went beyond the web ledger (PTS-5). */
  points_drift: z.enum(["true", "false"], { error: "points_drift: must be true or false" }).transform((v) => v === "true").optional(),
  ...paginationFields,
})
export type AdminListSmaregiTransactionsType = z.infer<typeof AdminListSmaregiTransactions>

export const AdminExportSmaregiTransactions = AdminListSmaregiTransactions.omit({ limit: true, offset: true })
export type AdminExportSmaregiTransactionsType = z.infer<typeof AdminExportSmaregiTransactions>

export const AdminReplayFailedSmaregiTransactions = z.strictObject({
  connection_id: z.string().trim().min(1).optional(),
  limit: z.number().int().min(1).max(500).default(100),
})
export type AdminReplayFailedSmaregiTransactionsType = z.infer<typeof AdminReplayFailedSmaregiTransactions>

export const AdminSmaregiDryRun = z
  .strictObject({
    connection_id: z.string({ error: "connection_id is required" }).trim().min(1, "connection_id is required"),
    /** The `params` value as Smaregi sends it: the JSON envelope as a string, or already as an object. */
    params: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
    /** Or the whole raw request body (form-encoded or JSON), as captured from a real push. */
    body: z.string().optional(),
  })
  .refine((v) => v.params !== undefined || v.body !== undefined, {
    message: "params or body is required: params = the JSON envelope, body = the raw request body",
    path: ["params"],
  })
export type AdminSmaregiDryRunType = z.infer<typeof AdminSmaregiDryRun>
