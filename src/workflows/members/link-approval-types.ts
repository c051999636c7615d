import type { InferTypeOf } from "@medusajs/framework/types"
import type { SmaregiMember } from "../../modules/smaregi/models/member"

export type MemberRecord = InferTypeOf<typeof SmaregiMember>

export type LinkRefusal = { id: string; reason: "not_found" | "not_pending" | "smaregi_member_changed"; message: string }

export type ApproveLinksResult = { approved: Array<{ id: string; customer_id: string }>; refused: LinkRefusal[] }
