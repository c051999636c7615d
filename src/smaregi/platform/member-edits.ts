import type { SmaregiRow } from "../client"
import { payloadHash } from "../member-mapping"

// A member edited at the register (a `pos:customers` webhook, re-read by id): which of Smaregi's values our member
// record takes, so the next push neither reverts them nor is sent only because Smaregi changed them.

export type FollowedMember = { customer_code: string; last_payload: Record<string, unknown>; last_payload_hash: string }

/**
 * Our record after Smaregi's edit, or null when Smaregi holds what we hold (or has no member code). The member code
 * (the card scanned) is always taken. The rank is taken only when the store maps no groups to ranks
 * (`rankFromGroups` false): our rows then carry no rank, so the hash leaves it out and the next unchanged row counts
 * as sent. With a mapping, Medusa's groups are the rank (PTS-4) and the next push sends the mapped one.
 */
export function followRegisterEdit(
  record: { customer_code: string; last_payload: Record<string, unknown> | null },
  row: SmaregiRow,
  options: { rankFromGroups: boolean }
): FollowedMember | null {
  const code = row.customerCode?.trim()
  if (!code) return null
  const payload: Record<string, unknown> = { ...(record.last_payload ?? {}), customerCode: code }
  const rank = row.rank
  const takesRank = !options.rankFromGroups && rank !== null && rank !== undefined && rank !== ""
  if (takesRank) payload.rank = rank
  if (code === record.customer_code && record.last_payload?.customerCode === code && (!takesRank || record.last_payload?.rank === rank)) return null
  const { rank: _notSent, ...sent } = payload
  return { customer_code: code, last_payload: payload, last_payload_hash: payloadHash(options.rankFromGroups ? payload : sent) }
}
