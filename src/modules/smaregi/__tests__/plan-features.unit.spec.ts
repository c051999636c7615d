import { PLAN_RECHECK_MS, PlanFeatureRecords, planLacksOf } from "../repositories/plan-features"

// The time rule of the plan gate; its SQL runs in integration-tests/http/members-sync.spec.ts ("Platform API").
describe("plan feature gate", () => {
  const writes: unknown[][] = []
  const records = new PlanFeatureRecords(async (_sql, params) => {
    writes.push(params ?? [])
    return []
  })
  beforeEach(() => (writes.length = 0))

  it("skips a refused feature for a day, then asks again; a stored refusal counts from its checked_at", async () => {
    let now = Date.parse("2026-12-04T00:00:00Z")
    const gate = records.gate("smcon_1", null, () => now)
    expect(gate.lacks("point_add")).toBe(false)
    await gate.recordLacking("point_add")
    expect(gate.lacks("point_add")).toBe(true)
    expect(gate.lacks("bulk_write")).toBe(false)
    now += PLAN_RECHECK_MS - 1
    expect(gate.lacks("point_add")).toBe(true)
    now += 1
    expect(gate.lacks("point_add")).toBe(false)

    const stored = { point_add: { since: "2026-12-01T00:00:00.000Z", checked_at: new Date(now - 1000).toISOString() } }
    expect(records.gate("smcon_1", stored, () => now).lacks("point_add")).toBe(true)
    expect(records.gate("smcon_1", { point_add: { since: stored.point_add.since, checked_at: null } }, () => now).lacks("point_add")).toBe(false)
  })

  it("writes only when the state changes: an available feature never refused is not written", async () => {
    const gate = records.gate("smcon_1", null)
    await gate.recordAvailable("point_add")
    expect(writes).toEqual([])
    await gate.recordLacking("point_add")
    await gate.recordAvailable("point_add")
    expect(writes).toHaveLength(2)
    expect(gate.lacks("point_add")).toBe(false)
  })

  it("reads stored refusals for the admin, ignoring what it does not know", () => {
    expect(planLacksOf(null)).toEqual([])
    expect(planLacksOf({ point_add: { since: "2026-12-02T00:00:00.000Z", checked_at: null }, bulk_write: { since: "2026-12-01T00:00:00.000Z" }, other: { since: "x" } })).toEqual([
      { feature: "bulk_write", since: "2026-12-01T00:00:00.000Z", checked_at: null },
      { feature: "point_add", since: "2026-12-02T00:00:00.000Z", checked_at: null },
    ])
  })
})
