import type { CustomerRow } from "../../smaregi/customer-fields"
import type { ClaimedMember, MemberOutcomeRecord } from "../../modules/smaregi/repositories"
import type { PushFailure } from "./sync-policy"

export type PushIntent = "upsert" | "withdraw" | "delete"

/** A row to send: U for upsert and withdraw (status 3), D for delete. */
export type PushItem = { member: ClaimedMember; intent: PushIntent; row: CustomerRow; hash: string }

export type OutcomeLabel = "pushed" | "unchanged" | "retrying" | "failed" | "skipped" | "withdrawn" | "deleted"

export type LabeledOutcome = MemberOutcomeRecord & { customer_id: string; outcome: OutcomeLabel }

export type PreparedPush = { pushes: PushItem[]; settled: LabeledOutcome[] }

export type SendResult = { member_id: string; ok: true } | { member_id: string; ok: false; failure: PushFailure }
