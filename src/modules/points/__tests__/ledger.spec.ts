import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "node:path"
import { POINTS_MODULE } from ".."
import type PointsModuleService from "../service"

jest.setTimeout(60_000)

const SALE = "smaregi:tx:conn_1:1001"
const DAY = 24 * 60 * 60 * 1000

moduleIntegrationTestRunner<PointsModuleService>({
  moduleName: POINTS_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "..", "migrations"),
  testSuite: ({ service }) => {
    const grant = (customer_id: string, amount: number, key: string, expires_at: Date | null = null) =>
      service.recordMovements([
        { customer_id, source_key: key, kind: "adjustment", amount, reason: "welcome", actor: "system", expires_at },
      ])

    describe("transaction points (IN-15)", () => {
      it("applies one version once even when 10 runs race, then moves only the difference", async () => {
        await grant("cus_a", 500, "seed:a")
        const sale = { source: SALE, customer_id: "cus_a", actor: "smaregi" }
        const runs = await Promise.all(
          Array.from({ length: 10 }, () =>
            service.setSourcePoints({ ...sale, version: "2026-05-10 14:03:22", targets: { spend: -100, earn: 109 } })
          )
        )
        expect(runs.filter((r) => r.status === "applied")).toHaveLength(1)
        expect(runs.filter((r) => r.status === "replayed")).toHaveLength(9)
        expect((await service.getBalance("cus_a")).balance).toBe(509)

        const updates = await Promise.all(
          Array.from({ length: 10 }, () =>
            service.setSourcePoints({ ...sale, version: "2026-05-10 15:00:00", targets: { spend: -150, earn: 80 } })
          )
        )
        expect(updates.filter((r) => r.status === "applied")).toHaveLength(1)
        expect((await service.getBalance("cus_a")).balance).toBe(500 - 150 + 80)

        const stale = await service.setSourcePoints({ ...sale, version: "2026-05-10 14:30:00", targets: { spend: -1, earn: 1 } })
        expect(stale.status).toBe("stale")
        const cancel = await service.setSourcePoints({ ...sale, version: "2026-05-11 09:00:00", targets: { spend: 0, earn: 0 } })
        expect(cancel.changed_customer_ids).toEqual(["cus_a"])
        expect((await service.getBalance("cus_a")).balance).toBe(500)

        const rows = await service.listPointsEntries({ source: SALE }, { order: { created_at: "ASC" } })
        expect(rows.map((r) => [r.kind, r.amount])).toEqual([
          ["earn", 109],
          ["spend", -100],
          ["spend", -50],
          ["earn", -29],
          ["spend", 150],
          ["earn", -80],
        ])
      })

      it("moves the points to the new member when an update changes the customer", async () => {
        await grant("cus_a", 100, "seed:a")
        await grant("cus_b", 100, "seed:b")
        await service.setSourcePoints({ source: SALE, customer_id: "cus_a", actor: "smaregi", version: "1", targets: { spend: -40, earn: 10 } })
        const moved = await service.setSourcePoints({
          source: SALE,
          customer_id: "cus_b",
          actor: "smaregi",
          version: "2",
          targets: { spend: -40, earn: 10 },
        })
        expect(moved.changed_customer_ids).toEqual(["cus_a", "cus_b"])
        expect((await service.getBalance("cus_a")).balance).toBe(100)
        expect((await service.getBalance("cus_b")).balance).toBe(70)
      })

      it("a cancel gives spent points back to the grants they came from, with their expiry", async () => {
        const soon = new Date(Date.now() + 10 * DAY)
        await grant("cus_a", 60, "seed:soon", soon)
        await grant("cus_a", 100, "seed:never")
        await service.setSourcePoints({ source: SALE, customer_id: "cus_a", actor: "smaregi", version: "1", targets: { spend: -80 } })
        expect(await service.getBalance("cus_a")).toEqual({ balance: 80, nearest_expiry: null, nearest_expiry_points: 0 })
        await service.setSourcePoints({ source: SALE, customer_id: "cus_a", actor: "smaregi", version: "2", targets: { spend: -30 } })
        expect(await service.getBalance("cus_a")).toEqual({
          balance: 130,
          nearest_expiry: soon.toISOString(),
          nearest_expiry_points: 30,
        })
        await service.setSourcePoints({ source: SALE, customer_id: "cus_a", actor: "smaregi", version: "3", targets: { spend: 0 } })
        expect(await service.getBalance("cus_a")).toEqual({
          balance: 160,
          nearest_expiry: soon.toISOString(),
          nearest_expiry_points: 60,
        })
      })
    })

    describe("register movements never block (PTS-5)", () => {
      const sale = { source: SALE, customer_id: "cus_a", actor: "smaregi" }

      it("records a register spend beyond the balance and reports the drift; without `register` it is refused", async () => {
        await grant("cus_a", 100, "seed:a")
        await expect(service.setSourcePoints({ ...sale, version: "1", targets: { spend: -300, earn: 10 } })).rejects.toThrow(
          /may not go negative/
        )
        expect((await service.getBalance("cus_a")).balance).toBe(100)

        const result = await service.setSourcePoints({ ...sale, version: "1", targets: { spend: -300, earn: 10 }, register: true })
        expect(result.status).toBe("applied")
        expect(result.drift).toEqual([
          { customer_id: "cus_a", source_key: `${SALE}:spend:1`, kind: "spend", amount: -300, balance_before: 110, balance_after: -190 },
        ])
        expect((await service.getBalance("cus_a")).balance).toBe(-190)
        await expect(service.adjustPoints({ customer_id: "cus_a", amount: -1, reason: "admin", actor: "user_1" })).rejects.toThrow(
          /may not go negative/
        )

        const cancel = await service.setSourcePoints({ ...sale, version: "2", targets: { spend: 0, earn: 0 }, register: true })
        expect(cancel.drift).toEqual([])
        expect((await service.getBalance("cus_a")).balance).toBe(100)
      })

      it("reverses a register earn already spent elsewhere, below zero, as drift", async () => {
        await service.setSourcePoints({ ...sale, version: "1", targets: { earn: 50 }, register: true })
        await service.recordMovements([{ customer_id: "cus_a", source_key: "online:1", kind: "spend", amount: -50, reason: "web", actor: "system" }])
        const cancel = await service.setSourcePoints({ ...sale, version: "2", targets: { earn: 0 }, register: true })
        expect(cancel.drift).toMatchObject([{ kind: "earn", amount: -50, balance_before: 0, balance_after: -50 }])
        expect((await service.getBalance("cus_a")).balance).toBe(-50)
      })

      it("reports no drift for a spend the ledger covers", async () => {
        await grant("cus_a", 300, "seed:a")
        const result = await service.setSourcePoints({ ...sale, version: "1", targets: { spend: -300 }, register: true })
        expect(result.drift).toEqual([])
        expect((await service.getBalance("cus_a")).balance).toBe(0)
      })
    })

    describe("ledger rules (PTS-1)", () => {
      it("spends the earliest-expiring grant first; expiry takes exactly what is left, once", async () => {
        const now = new Date()
        const early = new Date(now.getTime() + 5 * DAY)
        const late = new Date(now.getTime() + 30 * DAY)
        await grant("cus_a", 100, "g:late", late)
        await grant("cus_a", 50, "g:early", early)
        await grant("cus_a", 20, "g:never")
        await service.adjustPoints({ customer_id: "cus_a", amount: -70, reason: "redeemed at desk", actor: "user_1" })
        const [earlyRow] = await service.listPointsEntries({ source_key: "g:early" })
        const [lateRow] = await service.listPointsEntries({ source_key: "g:late" })
        const [neverRow] = await service.listPointsEntries({ source_key: "g:never" })
        expect([earlyRow.remaining, lateRow.remaining, neverRow.remaining]).toEqual([0, 80, 20])
        expect(await service.getBalance("cus_a")).toEqual({ balance: 100, nearest_expiry: late.toISOString(), nearest_expiry_points: 80 })

        const dry = await service.expireCustomerPoints("cus_a", { now: new Date(late.getTime() + DAY), dry_run: true })
        expect(dry.expired).toBe(80)
        expect((await service.getBalance("cus_a")).balance).toBe(100)

        const after = new Date(late.getTime() + DAY)
        expect(await service.listCustomersWithDuePoints(after)).toEqual(["cus_a"])
        const first = await service.expireCustomerPoints("cus_a", { now: after })
        expect(first).toEqual({ customer_id: "cus_a", expired: 80, by_date: [{ expires_on: late.toISOString().slice(0, 10), points: 80 }] })
        const second = await service.expireCustomerPoints("cus_a", { now: after })
        expect(second.expired).toBe(0)
        expect(await service.listCustomersWithDuePoints(after)).toEqual([])
        expect(await service.getBalance("cus_a")).toEqual({ balance: 20, nearest_expiry: null, nearest_expiry_points: 0 })
      })

      it.each([
        ["a deduction larger than the balance", 30, -31, /has 30 points; cannot deduct 31/],
        ["any deduction from an empty account", 0, -1, /has 0 points; cannot deduct 1/],
      ])("refuses %s and says why", async (_name, start, amount, message) => {
        if (start) await grant("cus_a", start, "seed:a")
        await expect(service.adjustPoints({ customer_id: "cus_a", amount, reason: "x", actor: "user_1" })).rejects.toThrow(message)
        expect((await service.getBalance("cus_a")).balance).toBe(start)
      })

      it.each([
        ["zero", { amount: 0, reason: "x" }, /amount: must not be zero/],
        ["a fraction", { amount: 1.5, reason: "x" }, /whole number/],
        ["no reason", { amount: 5, reason: "  " }, /reason: is required/],
      ])("rejects an adjustment with %s", async (_name, input, message) => {
        await expect(service.adjustPoints({ customer_id: "cus_a", actor: "user_1", ...input })).rejects.toThrow(message)
      })

      it("stored settings override the module options", async () => {
        expect(await service.getSettings()).toEqual({
          allowNegative: false,
          onlineEarning: { enabled: false, ratePercent: 1 },
          earnExpiryDays: null,
        })
        const next = await service.updateSettings({ allowNegative: true, onlineEarning: { enabled: true } })
        expect(next).toEqual({ allowNegative: true, onlineEarning: { enabled: true, ratePercent: 1 }, earnExpiryDays: null })
        await service.adjustPoints({ customer_id: "cus_a", amount: -10, reason: "goodwill error", actor: "user_1" })
        await grant("cus_a", 25, "g:after-debt", new Date(Date.now() + DAY))
        const [row] = await service.listPointsEntries({ source_key: "g:after-debt" })
        expect(row.remaining).toBe(15)
        expect((await service.getBalance("cus_a")).balance).toBe(15)
      })
    })

    describe("off-register totals (what a Smaregi point add sends)", () => {
      it("sum everything but register sales and balances opened from Smaregi", async () => {
        await service.openBalances([{ customer_id: "cus_a", source_key: "smaregi-opening:conn_1:7", amount: 300, reason: "opening", actor: "smaregi" }])
        await service.setSourcePoints({ source: SALE, customer_id: "cus_a", actor: "smaregi", register: true, version: "2026-05-10 14:03:22", targets: { spend: -100, earn: 20 } })
        await grant("cus_a", 50, "adjustment:welcome")
        await service.setSourcePoints({ source: "order:order_1", customer_id: "cus_a", actor: "system", version: "1", targets: { earn: 12 } })
        await grant("cus_b", 5, "adjustment:b")

        expect((await service.getBalance("cus_a")).balance).toBe(300 - 100 + 20 + 50 + 12)
        expect(await service.getOffRegisterTotals(["cus_a", "cus_b", "cus_none"])).toEqual(
          new Map([
            ["cus_a", 62],
            ["cus_b", 5],
            ["cus_none", 0],
          ])
        )
      })
    })

    describe("admin adjustments", () => {
      it("scope an idempotency key to the customer, and still honour a key recorded before it was scoped", async () => {
        const adjust = (customer_id: string, key: string) =>
          service.adjustPoints({ customer_id, amount: 10, reason: "goodwill", actor: "user_1", idempotency_key: key })
        expect((await adjust("cus_a", "k1")).entries).toHaveLength(1)
        expect((await adjust("cus_b", "k1")).entries).toHaveLength(1)
        expect((await adjust("cus_a", "k1")).entries).toHaveLength(0)
        expect((await service.getBalance("cus_a")).balance).toBe(10)
        expect((await service.getBalance("cus_b")).balance).toBe(10)

        // An entry written by an earlier version under the unscoped key.
        await grant("cus_c", 10, "adjustment:k2")
        expect((await adjust("cus_c", "k2")).entries).toHaveLength(0)
        expect((await adjust("cus_d", "k2")).entries).toHaveLength(1)
        expect((await service.getBalance("cus_c")).balance).toBe(10)
        expect((await service.getBalance("cus_d")).balance).toBe(10)
      })
    })
  },
})
