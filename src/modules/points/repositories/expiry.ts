import type { ExpiryResult, PointsEntryRow } from "../types"
import { lockAccounts } from "./accounts"
import { allocate } from "./allocations"
import { insertEntry } from "./entries"
import { countExpiries, dueGrants } from "./ledger"
import { refreshAccounts } from "./movements"
import type { Sql } from "./sql"

/** One ledger row per expiry date; a dry run only counts. */
export async function expireDuePoints(
  sql: Sql,
  customer_id: string,
  options: { now: Date; dry_run?: boolean }
): Promise<ExpiryResult> {
  if (!options.dry_run) await lockAccounts(sql, [customer_id])
  const due = await dueGrants(sql, customer_id, options.now)
  const byDate = new Map<string, { id: string; remaining: number }[]>()
  for (const g of due) {
    const day = new Date(g.expires_at as string).toISOString().slice(0, 10)
    byDate.set(day, [...(byDate.get(day) ?? []), { id: String(g.id), remaining: Number(g.remaining) }])
  }
  const result: ExpiryResult = { customer_id, expired: 0, by_date: [] }
  const entries: PointsEntryRow[] = []
  for (const [day, grants] of byDate) {
    const points = grants.reduce((s, g) => s + g.remaining, 0)
    result.expired += points
    result.by_date.push({ expires_on: day, points })
    if (options.dry_run) continue
    const n = await countExpiries(sql, `expiry:${customer_id}:${day}`)
    const entry = await insertEntry(sql, {
      customer_id,
      source: `expiry:${customer_id}:${day}`,
      source_key: `expiry:${customer_id}:${day}${n ? `#${n + 1}` : ""}`,
      kind: "expiry",
      amount: -points,
      reason: `Points expired (granted with expiry ${day})`,
      actor: "system",
    })
    if (!entry) continue
    for (const g of grants) await allocate(sql, customer_id, entry.id, g.id, g.remaining)
    entries.push(entry)
  }
  if (!options.dry_run) await refreshAccounts(sql, entries)
  return result
}
