export type RankRule = {
  id: string
  name?: string | null
  customer_group_id: string
  min_spend: number
  window_days: number
  priority: number
  enabled?: boolean
}

export type OrderSpend = { customer_id: string; total: number; created_at: Date | string }

export type RankChange = {
  customer_id: string
  from_group_ids: string[]
  to_group_id: string | null
  rule_id: string | null
  spend: number
  reason: string
}

const DAY_MS = 24 * 60 * 60 * 1000

function spendWithin(orders: OrderSpend[], now: Date, windowDays: number): number {
  const from = now.getTime() - windowDays * DAY_MS
  let sum = 0
  for (const o of orders) {
    const t = new Date(o.created_at).getTime()
    if (t > from && t <= now.getTime()) sum += o.total
  }
  return sum
}

function better(a: RankRule, b: RankRule): number {
  return b.priority - a.priority || b.min_spend - a.min_spend || (a.id < b.id ? -1 : 1)
}

/**
 * Each customer's rank = the highest-priority enabled rule whose threshold their spend over that rule's
 * trailing window reaches; returns only customers whose rank groups must change.
 */
export function planRankChanges(input: {
  rules: RankRule[]
  orders: OrderSpend[]
  /** customer id → the rank groups (of any rule) the customer is in now */
  memberships: Record<string, string[]>
  now: Date
}): RankChange[] {
  const rules = input.rules.filter((r) => r.enabled !== false).sort(better)
  const longest = Math.max(0, ...rules.map((r) => r.window_days))
  const byCustomer = new Map<string, OrderSpend[]>()
  for (const o of input.orders) {
    const list = byCustomer.get(o.customer_id) ?? []
    list.push(o)
    byCustomer.set(o.customer_id, list)
  }
  const customers = [...new Set([...byCustomer.keys(), ...Object.keys(input.memberships)])].sort()
  const changes: RankChange[] = []
  for (const customer_id of customers) {
    const orders = byCustomer.get(customer_id) ?? []
    const from = [...new Set(input.memberships[customer_id] ?? [])].sort()
    const reached = rules.find((r) => spendWithin(orders, input.now, r.window_days) >= r.min_spend)
    const to = reached?.customer_group_id ?? null
    if (from.length === (to ? 1 : 0) && (to === null || from[0] === to)) continue
    const spend = spendWithin(orders, input.now, reached?.window_days ?? longest)
    const label = reached ? reached.name || reached.customer_group_id : null
    changes.push({
      customer_id,
      from_group_ids: from,
      to_group_id: to,
      rule_id: reached?.id ?? null,
      spend,
      reason: reached
        ? `spent ${spend} in the last ${reached.window_days} days, reaching ${label} (min ${reached.min_spend})`
        : `spent ${spend} in the last ${longest} days, below every rank threshold`,
    })
  }
  return changes
}
