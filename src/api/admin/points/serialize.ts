import type { PointsEntryRow } from "../../../modules/points/types"

/** What an admin sees of a ledger row. */
export const adminEntry = (e: PointsEntryRow) => ({
  id: e.id,
  amount: e.amount,
  remaining: e.remaining,
  kind: e.kind,
  reason: e.reason,
  actor: e.actor,
  source: e.source,
  source_key: e.source_key,
  expires_at: e.expires_at,
  created_at: e.created_at,
})

/** What a customer sees of their own ledger row. */
export const storeEntry = (e: PointsEntryRow) => ({
  id: e.id,
  amount: e.amount,
  kind: e.kind,
  reason: e.reason,
  expires_at: e.expires_at,
  created_at: e.created_at,
})
