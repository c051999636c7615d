import type { CustomerRow } from "../../smaregi/customer-fields"
import type { ClaimedMember, MemberOutcomeRecord } from "../../modules/smaregi/repositories"
import type { SyncFailure } from "./sync-policy"
import type { PointChange } from "../../modules/smaregi/transport/types"

export type SyncIntent = "upsert" | "withdraw" | "delete"

/**
 * A row to send: U for upsert and withdraw (status 3), D for delete. A row with a balance carries `points` (how much
 * of it Smaregi lacks) and `point_web_total` (the ledger's off-register total it stands for).
 */
export type SyncItem = { member: ClaimedMember; intent: SyncIntent; row: CustomerRow; hash: string; points?: PointChange | null; point_web_total?: number | null }

export type OutcomeLabel = "written" | "unchanged" | "retrying" | "failed" | "skipped" | "withdrawn" | "deleted"

export type LabeledOutcome = MemberOutcomeRecord & { customer_id: string; outcome: OutcomeLabel }

export type PreparedSync = { writes: SyncItem[]; settled: LabeledOutcome[] }

export type SendResult = { member_id: string; ok: true; smaregi_customer_id?: string } | { member_id: string; ok: false; failure: SyncFailure }
