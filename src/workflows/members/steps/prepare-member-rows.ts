import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { ConnectionSettings } from "../../../smaregi/settings"
import { formatFieldErrors } from "../../../smaregi/normalize-customer"
import { buildMemberRow, buildWithdrawalRow, jstDate, memberEligibility, payloadHash } from "../../../smaregi/member-mapping"
import { memberSyncTiming } from "../config"
import { clearNewCustomerIds, clearNewMemberCodes, hasSmaregiId, isFirstWrite } from "../customer-ids"
import { type LoadedCustomer, loadCustomers, loadOffRegisterTotals, loadPoints } from "../customers"
import { findExistingMembers } from "../link-existing"
import type { ClaimedMember } from "../../../modules/smaregi/repositories"
import { ensureOpenedBalances } from "../opening-balances"
import type { LabeledOutcome, PreparedSync, SyncItem } from "../outcomes"
import { memberRecords, smaregiService } from "../store"
import { type SyncFailure, classifySyncError, retryDelayMs } from "../sync-policy"
import { TRANSPORT_CAPABILITIES } from "../../../modules/smaregi/transport/types"
import { LINK_UNVERIFIED } from "./enqueue-members"

const settle = (member: ClaimedMember, fields: Omit<LabeledOutcome, "id" | "requested_token" | "customer_id">): LabeledOutcome => ({
  id: member.id,
  requested_token: member.requested_token,
  customer_id: member.customer_id,
  ...fields,
})

// Members whose look-up for an existing Smaregi member failed at enqueue time look again before their first sync.
async function verifyLinks(
  container: MedusaContainer,
  connectionId: string,
  settings: ConnectionSettings,
  members: ClaimedMember[],
  customers: Map<string, LoadedCustomer>,
  settled: LabeledOutcome[]
): Promise<ClaimedMember[]> {
  const unverified = members.filter(
    (m) => m.last_error_code === LINK_UNVERIFIED && !m.last_synced_at && customers.has(m.customer_id)
  )
  if (!unverified.length || settings.linkExistingBy === "none") return members
  const store = memberRecords(container)
  try {
    const transport = await smaregiService(container).transportFor(connectionId)
    const found = await findExistingMembers(transport, settings.linkExistingBy, unverified.map((m) => customers.get(m.customer_id)!))
    const inUse = await store.members.smaregiIdsInUse(connectionId, [...found.values()].map((f) => f.smaregi_customer_id))
    const proposed = new Set<string>()
    for (const member of unverified) {
      const existing = found.get(member.customer_id)
      if (existing && !inUse.has(existing.smaregi_customer_id)) {
        // Only a proposal: nothing is sent over an existing member until an admin approves the link.
        await store.memberLinks.proposeLink(member.id, existing, "signup")
        proposed.add(member.id)
      }
      member.last_error_code = null
    }
    if (proposed.size) return members.filter((m) => !proposed.has(m.id))
    return members
  } catch (e) {
    const failure = classifySyncError(e)
    postpone(unverified, failure, LINK_UNVERIFIED, `Could not look up an existing Smaregi member: ${failure.message}`, settled)
    const ids = new Set(unverified.map((m) => m.id))
    return members.filter((m) => !ids.has(m.id))
  }
}

// Members that cannot be synced yet: retried with backoff while the failure is transient, else failed.
function postpone(members: ClaimedMember[], failure: SyncFailure, errorCode: string, error: string, settled: LabeledOutcome[]): void {
  const timing = memberSyncTiming()
  for (const member of members) {
    const retry = failure.kind === "transient" && member.attempts + 1 < timing.maxAttempts
    settled.push(
      retry
        ? settle(member, {
            status: "pending",
            outcome: "retrying",
            error_code: errorCode,
            error,
            retry_in_ms: retryDelayMs(member.attempts, timing),
            count_attempt: true,
          })
        : settle(member, { status: "failed", outcome: "failed", error_code: errorCode, error, count_attempt: true })
    )
  }
}

// OUT-11: right before a new id's first write, customer_ref must show it unused (a used id is skipped, never overwritten);
// on the Platform API the same holds for the member code.
async function clearFirstWrites(
  container: MedusaContainer,
  connectionId: string,
  settings: ConnectionSettings,
  members: ClaimedMember[],
  customers: Map<string, LoadedCustomer>,
  settled: LabeledOutcome[],
  assignsCustomerId: boolean
): Promise<ClaimedMember[]> {
  const first = members.filter((m) => {
    const customer = customers.get(m.customer_id)
    return isFirstWrite(m) && !!customer && memberEligibility(customer, settings.approvalCustomerGroupId).eligible
  })
  if (!first.length) return members
  let held: ClaimedMember[]
  try {
    const transport = await smaregiService(container).transportFor(connectionId)
    // Smaregi assigns a Platform member's id on creation: only its code, ours, must be free.
    held = assignsCustomerId
      ? await clearNewMemberCodes(memberRecords(container), transport, connectionId, settings, first)
      : await clearNewCustomerIds(memberRecords(container), transport, connectionId, settings, first)
    const failure: SyncFailure = { kind: "transient", code: CUSTOMER_ID_TAKEN, message: "" }
    const what = assignsCustomerId ? "member codes" : "ids"
    postpone(held, failure, CUSTOMER_ID_TAKEN, `Smaregi members keep appearing at the ${what} allocated for this member; will try again`, settled)
  } catch (e) {
    const failure = classifySyncError(e)
    held = first
    postpone(held, failure, failure.code, failure.message, settled)
  }
  const ids = new Set(held.map((m) => m.id))
  return members.filter((m) => !ids.has(m.id))
}

// A member that existed in Smaregi before (linked or imported) holds its points there: its balance is only sent once
// its ledger was opened from Smaregi's; until then the row carries no point field, so Smaregi keeps its balance.
async function withOpenedLedger(
  container: MedusaContainer,
  connectionId: string,
  members: ClaimedMember[],
  customers: Map<string, LoadedCustomer>
): Promise<ClaimedMember[]> {
  const live = members.filter((m) => customers.has(m.customer_id))
  const existing = live.filter((m) => m.linked_existing).filter(hasSmaregiId)
  if (!existing.length) return live
  let opened = new Set<string>()
  try {
    opened = await ensureOpenedBalances(container, () => smaregiService(container).transportFor(connectionId), connectionId, existing)
  } catch (e) {
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    logger.warn(`smaregi: could not open balances from Smaregi, syncing those members without points: ${e instanceof Error ? e.message : String(e)}`)
  }
  return live.filter((m) => !m.linked_existing || opened.has(m.smaregi_customer_id ?? ""))
}

// Smaregi holds what was sent last plus what the register did since: only the off-register movements since then are new.
function pointChange(member: ClaimedMember, point: string | undefined, webTotal: number | undefined): Pick<SyncItem, "points" | "point_web_total"> {
  if (point === undefined || webTotal === undefined) return {}
  const sent = member.point_web_total_sent
  return { points: { delta: sent === null ? null : webTotal - sent }, point_web_total: webTotal }
}

export const CUSTOMER_ID_TAKEN = "customer_id_taken"

/**
 * A deleted customer's member is withdrawn, deleted or kept in Smaregi. Where Smaregi assigns ids (Platform), a member
 * tried before may exist without our knowing its id (a create whose answer was lost): it is looked up by its code.
 */
export function prepareRemoval(member: ClaimedMember, settings: ConnectionSettings, prepared: PreparedSync, assignsCustomerId: boolean): void {
  const policy = settings.deletionPolicy
  const existsInSmaregi = !!member.last_synced_at || member.linked_existing || (assignsCustomerId && member.attempts > 0)
  if (policy === "keep") {
    prepared.settled.push(
      existsInSmaregi
        ? settle(member, { status: "synced", outcome: "skipped", count_attempt: false })
        : settle(member, {
            status: "failed",
            outcome: "skipped",
            error_code: "customer_deleted",
            error: "The customer was deleted before the first sync",
            count_attempt: false,
          })
    )
    return
  }
  const status = policy === "withdraw" ? "withdrawn" : "deleted"
  if (!existsInSmaregi) {
    prepared.settled.push(settle(member, { status, outcome: status, count_attempt: false }))
    return
  }
  if (policy === "delete") {
    const row = member.smaregi_customer_id ? { customerId: member.smaregi_customer_id } : { customerId: "", customerCode: member.customer_code }
    prepared.writes.push({ member, intent: "delete", row, hash: "" })
    return
  }
  const withdrawal = buildWithdrawalRow({
    customerId: member.smaregi_customer_id,
    customerCode: member.customer_code,
    lastPayload: member.last_payload,
    leaveDate: jstDate(),
    namePlaceholder: settings.namePlaceholder,
  })
  if (!withdrawal.ok) {
    prepared.settled.push(
      settle(member, { status: "failed", outcome: "failed", error_code: "invalid_data", error: formatFieldErrors(withdrawal.errors), count_attempt: true })
    )
    return
  }
  prepared.writes.push({ member, intent: "withdraw", row: withdrawal.row, hash: payloadHash(withdrawal.row) })
}

/** Builds each claimed member's row from the customer's current state; unchanged rows settle without a call. */
async function prepareMemberRows(container: MedusaContainer, input: { connection_id: string; members: ClaimedMember[] }): Promise<PreparedSync> {
  const prepared: PreparedSync = { writes: [], settled: [] }
  if (!input.members.length) return prepared
  const { settings, api } = await smaregiService(container).getPublicConnection(input.connection_id)
  const members = input.members.map((m) => ({ ...m }))
  const customers = await loadCustomers(container, members.map((m) => m.customer_id))
  const verified = await verifyLinks(container, input.connection_id, settings, members, customers, prepared.settled)
  const { assignsCustomerId } = TRANSPORT_CAPABILITIES[api]
  const linkable = await clearFirstWrites(container, input.connection_id, settings, verified, customers, prepared.settled, assignsCustomerId)
  const withBalance = settings.sendPoints ? (await withOpenedLedger(container, input.connection_id, linkable, customers)).map((m) => m.customer_id) : []
  const points = await loadPoints(container, withBalance)
  const webTotals = await loadOffRegisterTotals(container, withBalance)

  for (const member of linkable) {
    const customer = customers.get(member.customer_id)
    if (!customer) {
      prepareRemoval(member, settings, prepared, assignsCustomerId)
      continue
    }
    const verdict = memberEligibility(customer, settings.approvalCustomerGroupId)
    if (!verdict.eligible) {
      prepared.settled.push(
        settle(member, {
          status: member.last_synced_at ? "synced" : "failed",
          outcome: "skipped",
          error_code: verdict.reason,
          error: verdict.reason === "guest" ? "The customer has no account" : "The customer is not approved",
          count_attempt: false,
        })
      )
      continue
    }
    const built = buildMemberRow({
      customer,
      customerId: member.smaregi_customer_id,
      customerCode: member.customer_code,
      settings,
      points: points.get(member.customer_id) ?? null,
    })
    if (!built.ok) {
      prepared.settled.push(
        settle(member, { status: "failed", outcome: "failed", error_code: "invalid_data", error: formatFieldErrors(built.errors), count_attempt: true })
      )
      continue
    }
    const hash = payloadHash(built.row)
    const change = pointChange(member, built.row.point, webTotals.get(member.customer_id))
    // Web movements the register offset since the last write leave the row as it was, yet Smaregi has not seen them.
    const webSent = change.point_web_total === undefined || change.point_web_total === member.point_web_total_sent
    if (hash === member.last_payload_hash && webSent) {
      prepared.settled.push(settle(member, { status: "synced", outcome: "unchanged", count_attempt: false }))
      continue
    }
    prepared.writes.push({ member, intent: "upsert", row: built.row, hash, ...change })
  }
  return prepared
}

export const prepareMemberRowsStep = createStep(
  "smaregi-prepare-member-rows",
  async (input: { connection_id: string; members: ClaimedMember[] }, { container }) =>
    new StepResponse(await prepareMemberRows(container, input))
)
