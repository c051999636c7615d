import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { CustomerRow } from "../../../smaregi/customer-fields"
import { payloadHash } from "../../../smaregi/member-mapping"
import { memberSyncTiming } from "../config"
import type { LabeledOutcome, PreparedSync, SyncItem, SendResult } from "../outcomes"
import { memberRecords } from "../store"
import { retryDelayMs } from "../sync-policy"

export type MemberSyncResult = {
  member_id: string
  customer_id: string
  connection_id: string
  outcome: LabeledOutcome["outcome"]
  status: string
  customer_code: string
  last_synced_at: string | null
  error_code: string | null
  error: string | null
  requested_token: string | null
}

const DONE_STATUS = { upsert: "synced", withdraw: "withdrawn", delete: "deleted" } as const
const DONE_LABEL = { upsert: "written", withdraw: "withdrawn", delete: "deleted" } as const

// A member created without an id (Smaregi assigned it) is recorded with that id, so its next unchanged row is not resent.
function writtenRow(item: SyncItem, assignedId: string | undefined): { hash: string; payload: CustomerRow } {
  if (item.row.customerId || !assignedId) return { hash: item.hash, payload: item.row }
  const payload = { ...item.row, customerId: assignedId }
  return { hash: payloadHash(payload), payload }
}

function writeOutcome(item: SyncItem, result: SendResult | undefined, maxAttempts: number): LabeledOutcome {
  const base = { id: item.member.id, requested_token: item.member.requested_token, customer_id: item.member.customer_id }
  if (result?.ok) {
    return {
      ...base,
      status: DONE_STATUS[item.intent],
      outcome: DONE_LABEL[item.intent],
      written: item.intent === "delete" ? null : writtenRow(item, result.smaregi_customer_id),
      smaregi_customer_id: item.intent === "delete" ? null : result.smaregi_customer_id ?? null,
      point_web_total: item.intent === "upsert" ? item.point_web_total ?? null : null,
      count_attempt: false,
    }
  }
  const failure = result?.failure ?? { kind: "transient" as const, code: "not_sent", message: "The row was not sent" }
  const exhausted = item.member.attempts + 1 >= maxAttempts
  if (failure.kind === "transient" && !exhausted) {
    return {
      ...base,
      status: "pending",
      outcome: "retrying",
      error_code: failure.code,
      error: failure.message,
      retry_in_ms: retryDelayMs(item.member.attempts, memberSyncTiming()),
      count_attempt: true,
    }
  }
  return { ...base, status: "failed", outcome: "failed", error_code: failure.code, error: failure.message, count_attempt: true }
}

/** Writes every member's outcome (synced, retry with backoff, failed with Smaregi's message, …). */
async function recordMemberOutcomes(
  container: MedusaContainer,
  input: { prepared: PreparedSync; sent: SendResult[] }
): Promise<MemberSyncResult[]> {
  const { maxAttempts } = memberSyncTiming()
  const sent = new Map(input.sent.map((r) => [r.member_id, r]))
  const outcomes: LabeledOutcome[] = [
    ...input.prepared.settled,
    ...input.prepared.writes.map((p) => writeOutcome(p, sent.get(p.member.id), maxAttempts)),
  ]
  const recorded = new Map((await memberRecords(container).members.recordOutcomes(outcomes)).map((r) => [r.id, r]))
  const results: MemberSyncResult[] = outcomes.flatMap((o) => {
    const r = recorded.get(o.id)
    if (!r) return []
    // A save during the sync turned a failure back into pending: it is synced again right away, no error mail.
    const outcome = r.status === "pending" && o.outcome === "failed" ? "retrying" : o.outcome
    return [
      {
        member_id: r.id,
        customer_id: r.customer_id,
        connection_id: r.connection_id,
        outcome,
        status: r.status,
        customer_code: r.customer_code,
        last_synced_at: r.last_synced_at,
        error_code: r.last_error_code,
        error: r.last_error,
        requested_token: o.requested_token,
      },
    ]
  })
  return results
}

export const recordMemberOutcomesStep = createStep(
  "smaregi-record-member-outcomes",
  async (input: { prepared: PreparedSync; sent: SendResult[] }, { container }) =>
    new StepResponse(await recordMemberOutcomes(container, input))
)
