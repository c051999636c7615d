import type { SmaregiRow } from "../client"
import { payloadHash } from "../member-mapping"

// A member edited at the register (a `pos:customers` webhook, re-read by id): which of Smaregi's values our member
// record takes, so the next push neither reverts them nor is sent only because Smaregi changed them.

/** The fields a register edit carries into our record: the member code (the card scanned) and the rank. */
export const FOLLOWED_MEMBER_FIELDS = ["customerCode", "rank"] as const

export type FollowedMember = { customer_code: string; last_payload: Record<string, unknown>; last_payload_hash: string }

/** Our record after Smaregi's edit, or null when Smaregi holds what we hold (or has no member code). */
export function followRegisterEdit(record: { customer_code: string; last_payload: Record<string, unknown> | null }, row: SmaregiRow): FollowedMember | null {
  const code = row.customerCode?.trim()
  if (!code) return null
  const payload: Record<string, unknown> = { ...(record.last_payload ?? {}) }
  let changed = code !== record.customer_code
  for (const field of FOLLOWED_MEMBER_FIELDS) {
    const value = row[field]
    if (value === null || value === undefined || value === "" || payload[field] === value) continue
    payload[field] = value
    changed = true
  }
  if (!changed) return null
  return { customer_code: code, last_payload: payload, last_payload_hash: payloadHash(payload) }
}
