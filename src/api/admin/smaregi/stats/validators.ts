import { z } from "@medusajs/framework/zod"

export const AdminSmaregiStats = z.object({
  connection_id: z.string().trim().min(1).optional(),
  /** IANA time zone that defines "today" (Smaregi stores run on Japan time). */
  tz: z
    .string()
    .trim()
    .default("Asia/Tokyo")
    .refine((tz) => isTimeZone(tz), { message: "tz: must be an IANA time zone such as Asia/Tokyo" }),
})
export type AdminSmaregiStatsType = z.infer<typeof AdminSmaregiStats>

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz })
    return true
  } catch {
    return false
  }
}
