import type { PointsEntryRow } from "../types"

export function toEntry(r: Record<string, unknown>): PointsEntryRow {
  return {
    id: String(r.id),
    customer_id: String(r.customer_id),
    source_key: String(r.source_key),
    source: (r.source as string | null) ?? null,
    kind: r.kind as PointsEntryRow["kind"],
    amount: Number(r.amount),
    remaining: Number(r.remaining),
    reason: String(r.reason),
    actor: String(r.actor),
    expires_at: r.expires_at ? new Date(r.expires_at as string) : null,
    version: (r.version as string | null) ?? null,
    metadata: (r.metadata as Record<string, unknown> | null) ?? null,
    created_at: new Date(r.created_at as string),
  }
}
