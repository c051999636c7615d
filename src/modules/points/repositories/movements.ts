import { MedusaError } from "@medusajs/framework/utils"
import type { MovementInput, MovementResult, PointsDrift, PointsEntryRow } from "../types"
import { planConsumption, planRestoration } from "../utils/fifo"
import { assertWholePoints } from "../utils/whole-points"
import { lockAccounts, setAccountBalance } from "./accounts"
import { allocate, consumedBySource } from "./allocations"
import { insertEntry, ledgerBalance, openGrants, sourceKeyExists } from "./entries"
import type { Sql } from "./sql"

/** Locks the customers, applies each movement in order (a known source key is skipped) and refreshes balances. */
export async function applyMovements(
  sql: Sql,
  movements: MovementInput[],
  allowNegative: boolean
): Promise<MovementResult & { drift: PointsDrift[] }> {
  await lockAccounts(sql, movements.map((m) => m.customer_id))
  const result: MovementResult & { drift: PointsDrift[] } = { entries: [], skipped: [], changed_customer_ids: [], drift: [] }
  for (const m of movements) {
    const applied = await applyMovement(sql, m, allowNegative)
    if (!applied) {
      result.skipped.push(m.source_key)
      continue
    }
    result.entries.push(applied.entry)
    if (m.amount < 0 && applied.balance_before < -m.amount) {
      result.drift.push({
        customer_id: m.customer_id,
        source_key: m.source_key,
        kind: m.kind,
        amount: m.amount,
        balance_before: applied.balance_before,
        balance_after: applied.balance_before + m.amount,
      })
    }
  }
  result.changed_customer_ids = await refreshAccounts(sql, result.entries)
  return result
}

/** Refreshes the cached balances; returns the customers whose balance moved. */
export async function refreshAccounts(sql: Sql, entries: PointsEntryRow[]): Promise<string[]> {
  const changed = [...new Set(entries.filter((e) => e.amount !== 0).map((e) => e.customer_id))].sort()
  for (const customer_id of changed) {
    await setAccountBalance(sql, customer_id, await ledgerBalance(sql, customer_id))
  }
  return changed
}

/** Applies one movement; the customer's account must already be locked. Null when the key exists. */
export async function applyMovement(
  sql: Sql,
  m: MovementInput,
  allowNegative: boolean
): Promise<{ entry: PointsEntryRow; balance_before: number } | null> {
  assertWholePoints(m.amount)
  if (await sourceKeyExists(sql, m.source_key)) return null
  const balance = await ledgerBalance(sql, m.customer_id)
  const entry = await applyMovementAt(sql, m, allowNegative, balance)
  return entry ? { entry, balance_before: balance } : null
}

async function applyMovementAt(sql: Sql, m: MovementInput, allowNegative: boolean, balance: number): Promise<PointsEntryRow | null> {
  if (m.amount < 0) {
    const need = -m.amount
    if (!allowNegative && balance < need) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Customer ${m.customer_id} has ${balance} points; cannot deduct ${need} (${m.reason}): the balance may not go negative`
      )
    }
    const grants = await openGrants(sql, m.customer_id)
    const plan = planConsumption(
      grants.map((g) => ({
        id: String(g.id),
        remaining: Number(g.remaining),
        expires_at: (g.expires_at as string | null) ?? null,
        created_at: g.created_at as string,
        preferred: !!m.linked && !!m.source && g.source === m.source && g.kind === m.kind,
      })),
      need
    )
    const entry = await insertEntry(sql, m)
    if (!entry) return null
    for (const a of plan.allocations) await allocate(sql, m.customer_id, entry.id, a.grant_id, a.amount)
    return entry
  }

  // A negative balance (allowNegative) is a debt that new points pay off first.
  let left = m.amount - Math.min(m.amount, Math.max(0, -balance))
  const restorations: { grant_id: string; amount: number }[] = []
  if (m.linked && m.source && left > 0) {
    const consumed = await consumedBySource(sql, m.source, m.kind, m.customer_id)
    const plan = planRestoration(
      consumed.map((c) => ({
        grant_id: String(c.grant_id),
        net: Number(c.net),
        expires_at: (c.expires_at as string | null) ?? null,
        created_at: c.created_at as string,
      })),
      left
    )
    restorations.push(...plan.allocations)
    left = plan.unrestored
  }
  const entry = await insertEntry(sql, m, left)
  if (!entry) return null
  for (const r of restorations) await allocate(sql, m.customer_id, entry.id, r.grant_id, -r.amount)
  return entry
}
