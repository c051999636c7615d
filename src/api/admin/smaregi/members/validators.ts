import { z } from "@medusajs/framework/zod"

export const MEMBER_STATUS_VALUES = ["pending", "synced", "failed", "withdrawn", "deleted", "link_pending"] as const

export const AdminListSmaregiMembers = z.object({
  status: z.union([z.enum(MEMBER_STATUS_VALUES), z.array(z.enum(MEMBER_STATUS_VALUES))]).optional(),
  connection_id: z.string().min(1).optional(),
  /** Part of the member code or of the customer's e-mail. */
  q: z.string().trim().min(1).max(200).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
export type AdminListSmaregiMembersType = z.infer<typeof AdminListSmaregiMembers>

export const AdminExportSmaregiMembers = AdminListSmaregiMembers.omit({ offset: true, limit: true })
export type AdminExportSmaregiMembersType = z.infer<typeof AdminExportSmaregiMembers>

export const AdminResyncFailedMembers = z.object({ connection_id: z.string().min(1).optional() }).strict()
export type AdminResyncFailedMembersType = z.infer<typeof AdminResyncFailedMembers>

export const AdminStartMemberBackfill = z
  .object({ connection_id: z.string().min(1, "connection_id is required"), dry_run: z.boolean().default(false) })
  .strict()
export type AdminStartMemberBackfillType = z.infer<typeof AdminStartMemberBackfill>

export const AdminApproveMemberLinks = z
  .object({
    member_ids: z
      .array(z.string().min(1, "member_ids: an id must not be empty"), { message: "member_ids: must be a list of member ids" })
      .min(1, "member_ids: at least one member id is required")
      .max(500, "member_ids: at most 500 per call"),
  })
  .strict()
export type AdminApproveMemberLinksType = z.infer<typeof AdminApproveMemberLinks>
