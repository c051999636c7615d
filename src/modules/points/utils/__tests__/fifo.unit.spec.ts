import { planConsumption, planRestoration, type Grant } from "../fifo"

const g = (id: string, remaining: number, expires_at: string | null, created_at = "2026-01-01T00:00:00Z", preferred = false): Grant => ({
  id,
  remaining,
  expires_at,
  created_at,
  preferred,
})

describe("planConsumption (FIFO by expiry, no expiry last)", () => {
  const grants = [
    g("late", 100, "2026-12-31T00:00:00Z"),
    g("never", 40, null, "2025-01-01T00:00:00Z"),
    g("early", 50, "2026-06-30T00:00:00Z"),
    g("early-newer", 10, "2026-06-30T00:00:00Z", "2026-02-01T00:00:00Z"),
  ]
  it.each([
    ["within the earliest grant", 30, [["early", 30]], 0],
    ["across grants, earliest first, older first on the same day", 70, [["early", 50], ["early-newer", 10], ["late", 10]], 0],
    ["never-expiring last", 180, [["early", 50], ["early-newer", 10], ["late", 100], ["never", 20]], 0],
    ["more than there is", 250, [["early", 50], ["early-newer", 10], ["late", 100], ["never", 40]], 50],
    ["nothing", 0, [], 0],
  ])("%s", (_name, amount, expected, uncovered) => {
    const plan = planConsumption(grants, amount)
    expect(plan.allocations.map((a) => [a.grant_id, a.amount])).toEqual(expected)
    expect(plan.uncovered).toBe(uncovered)
  })

  it("draws from preferred grants (the same sale's own points) before FIFO", () => {
    const plan = planConsumption([...grants, g("own", 20, null, "2026-03-01T00:00:00Z", true)], 30)
    expect(plan.allocations).toEqual([
      { grant_id: "own", amount: 20 },
      { grant_id: "early", amount: 10 },
    ])
  })

  it("skips empty grants", () => {
    expect(planConsumption([g("empty", 0, "2026-01-01T00:00:00Z"), g("x", 5, null)], 3).allocations).toEqual([{ grant_id: "x", amount: 3 }])
  })
})

describe("planRestoration (latest-expiring first)", () => {
  const consumed = [
    { grant_id: "early", net: 50, expires_at: "2026-06-30T00:00:00Z", created_at: "2026-01-01T00:00:00Z" },
    { grant_id: "late", net: 30, expires_at: "2026-12-31T00:00:00Z", created_at: "2026-01-01T00:00:00Z" },
    { grant_id: "never", net: 5, expires_at: null, created_at: "2026-01-01T00:00:00Z" },
  ]
  it.each([
    ["a partial give-back returns the last-consumed points", 20, [["never", 5], ["late", 15]], 0],
    ["everything", 85, [["never", 5], ["late", 30], ["early", 50]], 0],
    ["more than was consumed", 100, [["never", 5], ["late", 30], ["early", 50]], 15],
  ])("%s", (_name, amount, expected, unrestored) => {
    const plan = planRestoration(consumed, amount)
    expect(plan.allocations.map((a) => [a.grant_id, a.amount])).toEqual(expected)
    expect(plan.unrestored).toBe(unrestored)
  })
})
