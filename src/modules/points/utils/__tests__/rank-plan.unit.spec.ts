import { planRankChanges, type RankRule } from "../rank-plan"

const NOW = new Date("2026-06-01T00:00:00Z")
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString()

const rules: RankRule[] = [
  { id: "r_silver", name: "Silver", customer_group_id: "g_silver", min_spend: 10_000, window_days: 365, priority: 1 },
  { id: "r_gold", name: "Gold", customer_group_id: "g_gold", min_spend: 50_000, window_days: 365, priority: 2 },
  { id: "r_vip", name: "VIP 90d", customer_group_id: "g_vip", min_spend: 30_000, window_days: 90, priority: 3, enabled: false },
]

describe("planRankChanges", () => {
  it.each([
    ["enters Silver across the threshold", [[9_000, 10], [1_000, 200]], [], "g_silver", ["spent 10000 in the last 365 days, reaching Silver (min 10000)"]],
    ["stays below every threshold: no change", [[9_999, 10]], [], undefined, []],
    ["reaches Gold, leaves Silver", [[60_000, 30]], ["g_silver"], "g_gold", ["spent 60000 in the last 365 days, reaching Gold (min 50000)"]],
    ["already Gold: no change", [[60_000, 30]], ["g_gold"], undefined, []],
    ["window moved past the orders: leaves Gold", [[60_000, 366]], ["g_gold"], null, ["spent 0 in the last 365 days, below every rank threshold"]],
    ["in two rank groups: keeps only the right one", [[12_000, 1]], ["g_gold", "g_silver"], "g_silver", ["spent 12000 in the last 365 days, reaching Silver (min 10000)"]],
    ["disabled rules are ignored", [[40_000, 5]], [], "g_silver", ["spent 40000 in the last 365 days, reaching Silver (min 10000)"]],
    ["an order in the future of `now` does not count", [[20_000, -1]], [], undefined, []],
  ])("%s", (_name, orders, groups, to, reasons) => {
    const changes = planRankChanges({
      rules,
      orders: (orders as number[][]).map(([total, ago]) => ({ customer_id: "cus_1", total, created_at: daysAgo(ago) })),
      memberships: (groups as string[]).length ? { cus_1: groups as string[] } : {},
      now: NOW,
    })
    expect(changes.map((c) => c.reason)).toEqual(reasons)
    if (to !== undefined) {
      expect(changes[0]).toMatchObject({ customer_id: "cus_1", to_group_id: to, from_group_ids: [...(groups as string[])].sort() })
    }
  })

  it("lists several customers in a stable order and ignores those without a change", () => {
    const changes = planRankChanges({
      rules,
      orders: [
        { customer_id: "cus_b", total: 10_000, created_at: daysAgo(1) },
        { customer_id: "cus_a", total: 50_000, created_at: daysAgo(1) },
        { customer_id: "cus_c", total: 10_000, created_at: daysAgo(1) },
      ],
      memberships: { cus_c: ["g_silver"], cus_d: ["g_gold"] },
      now: NOW,
    })
    expect(changes.map((c) => [c.customer_id, c.to_group_id, c.rule_id])).toEqual([
      ["cus_a", "g_gold", "r_gold"],
      ["cus_b", "g_silver", "r_silver"],
      ["cus_d", null, null],
    ])
  })
})
