import { medusaIntegrationTestRunner } from "../helpers/runner"
import { seedDemoStore } from "../../dev/seed/demo-store"
import { SmaregiEvents } from "../../src/events"
import { POINTS_MODULE } from "../../src/modules/points"
import type PointsModuleService from "../../src/modules/points/service"
import { setTransactionPointsWorkflow } from "../../src/workflows/points/set-transaction-points"
import { adminHeaders, registerCustomer } from "../helpers/auth"
import { collectEvents, errorResponse } from "../helpers/points-helpers"

jest.setTimeout(120_000)

const DAY = 24 * 60 * 60 * 1000
const SYNC = SmaregiEvents.MEMBER_SYNC_REQUESTED

medusaIntegrationTestRunner({
  seedDemoStore: true,
  testSuite: ({ api, getContainer }) => {
    const setup = async () => {
      const container = getContainer()
      const store = await seedDemoStore(container)
      const admin = await adminHeaders(container)
      const hanako = await registerCustomer(api, store.publishableKey, { email: "hanako@example.jp", first_name: "Hanako", last_name: "Sato" })
      const taro = await registerCustomer(api, store.publishableKey, { email: "taro@example.jp", first_name: "Taro", last_name: "Suzuki" })
      const events = collectEvents<{ customer_id: string; reason?: string }>(container, SYNC)
      return { container, store, admin, hanako, taro, events }
    }
    const adjust = (admin: { headers: Record<string, string> }, customer_id: string, body: Record<string, unknown>) =>
      api.post(`/admin/points/customers/${customer_id}/adjustments`, body, admin)
    const storeBalance = async (headers: Record<string, string>) =>
      (await api.get("/store/customers/me/points", { headers })).data

    describe("POS sale points (IN-15) through setTransactionPointsWorkflow", () => {
      it("replays, concurrent too, leave the balance exact; an update moves the difference; a cancel restores it", async () => {
        const { container, admin, hanako, events } = await setup()
        const points: PointsModuleService = container.resolve(POINTS_MODULE)
        await adjust(admin, hanako.customer.id, { amount: 300, reason: "Opening balance" })
        await events.settle()
        events.clear()

        const sale = { customer_id: hanako.customer.id, source: "smaregi:tx:conn_1:88001" }
        const run = (input: { spend: number; earn: number; version: string }) =>
          setTransactionPointsWorkflow(container).run({ input: { ...sale, ...input } })

        const created = await Promise.all(Array.from({ length: 10 }, () => run({ spend: 100, earn: 109, version: "2026-05-10 14:03:22" })))
        expect(created.map((r) => r.result.status).sort()).toEqual(["applied", ...Array(9).fill("replayed")])
        expect((await points.getBalance(hanako.customer.id)).balance).toBe(309)
        expect(await events.settle()).toEqual([{ customer_id: hanako.customer.id, reason: "points" }])

        events.clear()
        const updated = await Promise.all(Array.from({ length: 10 }, () => run({ spend: 200, earn: 99, version: "2026-05-10 16:00:00" })))
        expect(updated.filter((r) => r.result.status === "applied")).toHaveLength(1)
        expect((await points.getBalance(hanako.customer.id)).balance).toBe(300 - 200 + 99)
        expect(await events.settle()).toHaveLength(1)

        events.clear()
        await run({ spend: 100, earn: 109, version: "2026-05-10 14:03:22" })
        expect((await points.getBalance(hanako.customer.id)).balance).toBe(199)
        expect(await events.settle()).toHaveLength(0)

        await Promise.all(Array.from({ length: 5 }, () => run({ spend: 0, earn: 0, version: "2026-05-11 09:30:00" })))
        expect((await points.getBalance(hanako.customer.id)).balance).toBe(300)
        expect(await events.settle()).toHaveLength(1)
        events.stop()

        const { data } = await api.get(`/admin/points/customers/${hanako.customer.id}?limit=50`, admin)
        expect(data.history.filter((e: { source: string | null }) => e.source === sale.source)).toHaveLength(6)
        expect(data.history.reduce((s: number, e: { amount: number }) => s + e.amount, 0)).toBe(300)
      })

      // PTS-5 (deliberately changed from "refused"): the register already gave the points, so the sale is recorded.
      it("a spend larger than the balance is recorded anyway and reported as drift", async () => {
        const { container, hanako, events } = await setup()
        const points: PointsModuleService = container.resolve(POINTS_MODULE)
        const { result } = await setTransactionPointsWorkflow(container).run({
          input: { customer_id: hanako.customer.id, source: "smaregi:tx:conn_1:88002", spend: 50, earn: 0, version: "2026-05-10 10:00:00" },
        })
        expect(result.status).toBe("applied")
        expect(result.drift).toEqual([
          {
            customer_id: hanako.customer.id,
            source_key: "smaregi:tx:conn_1:88002:spend:2026-05-10 10:00:00",
            kind: "spend",
            amount: -50,
            balance_before: 0,
            balance_after: -50,
          },
        ])
        expect((await points.getBalance(hanako.customer.id)).balance).toBe(-50)
        expect(await events.settle()).toEqual([{ customer_id: hanako.customer.id, reason: "points" }])
        events.stop()
      })
    })

    describe("FIFO by expiry and the expiry batch (PTS-1, OUT-7)", () => {
      it("spends the earlier grant first; the batch expires exactly what is left of due grants, once", async () => {
        const { admin, hanako, taro, events } = await setup()
        const soon = new Date(Date.now() + 10 * DAY).toISOString()
        const later = new Date(Date.now() + 40 * DAY).toISOString()
        await adjust(admin, hanako.customer.id, { amount: 100, reason: "Campaign B", expires_at: later })
        await adjust(admin, hanako.customer.id, { amount: 80, reason: "Campaign A", expires_at: soon })
        await adjust(admin, taro.customer.id, { amount: 30, reason: "Campaign A", expires_at: soon })
        const spent = await adjust(admin, hanako.customer.id, { amount: -120, reason: "Redeemed for a tote bag" })
        expect(spent.status).toBe(201)
        expect(spent.data).toMatchObject({ balance: 60, nearest_expiry: later, nearest_expiry_points: 60 })

        const asOf = new Date(Date.now() + 41 * DAY).toISOString()
        const preview = await api.post("/admin/points/batches/expire", { dry_run: true, now: asOf }, admin)
        expect(preview.data.expired_points).toBe(90)
        expect((await storeBalance(hanako.headers)).balance).toBe(60)

        await events.settle()
        events.clear()
        const first = await api.post("/admin/points/batches/expire", { now: asOf }, admin)
        expect(first.data.customers.map((c: { customer_id: string; expired: number }) => [c.customer_id, c.expired]).sort()).toEqual(
          [
            [hanako.customer.id, 60],
            [taro.customer.id, 30],
          ].sort()
        )
        expect((await events.settle()).map((e) => e.customer_id).sort()).toEqual([hanako.customer.id, taro.customer.id].sort())

        events.clear()
        const second = await api.post("/admin/points/batches/expire", { now: asOf }, admin)
        expect(second.data).toMatchObject({ expired_points: 0, customers: [] })
        expect(await events.settle()).toHaveLength(0)
        events.stop()

        const mine = await storeBalance(hanako.headers)
        expect(mine).toMatchObject({ balance: 0, nearest_expiry: null })
        expect(mine.history[0]).toMatchObject({ kind: "expiry", amount: -60 })
      })
    })

    describe("store and admin routes (PTS-2)", () => {
      it("a customer reads only their own balance and history", async () => {
        const { admin, hanako, taro, events } = await setup()
        events.stop()
        await adjust(admin, hanako.customer.id, { amount: 120, reason: "Birthday" })
        await adjust(admin, taro.customer.id, { amount: 7, reason: "Survey" })

        const h = await storeBalance(hanako.headers)
        const t = await api.get(`/store/customers/me/points?customer_id=${hanako.customer.id}`, { headers: taro.headers })
        expect(h).toMatchObject({ balance: 120, count: 1, history: [{ amount: 120, reason: "Birthday", kind: "adjustment" }] })
        expect(t.data).toMatchObject({ balance: 7, count: 1, history: [{ amount: 7, reason: "Survey" }] })
        expect(h.history[0]).not.toHaveProperty("actor")

        const anonymous = await errorResponse(
          api.get("/store/customers/me/points", { headers: { "x-publishable-api-key": hanako.headers["x-publishable-api-key"] } })
        )
        expect(anonymous.status).toBe(401)
      })

      it("pages the history newest first", async () => {
        const { admin, hanako, events } = await setup()
        events.stop()
        for (const n of [1, 2, 3, 4, 5]) await adjust(admin, hanako.customer.id, { amount: n, reason: `grant ${n}` })
        const page = await api.get("/store/customers/me/points?limit=2&offset=1", { headers: hanako.headers })
        expect(page.data).toMatchObject({ balance: 15, count: 5, limit: 2, offset: 1 })
        expect(page.data.history.map((e: { amount: number }) => e.amount)).toEqual([4, 3])
        const bad = await errorResponse(api.get("/store/customers/me/points?limit=0", { headers: hanako.headers }))
        expect(bad.status).toBe(400)
        expect(bad.data.message).toMatch(/^limit:/)
      })

      it.each([
        ["a missing reason", { amount: 10 }, /reason/],
        ["zero points", { amount: 0, reason: "x" }, /amount/],
        ["fractional points", { amount: 1.5, reason: "x" }, /amount/],
        ["an unreadable expiry", { amount: 5, reason: "x", expires_at: "next spring" }, /expires_at/],
        ["a deduction below zero", { amount: -5, reason: "Correction" }, /has 0 points; cannot deduct 5/],
      ])("an adjustment with %s is refused with a reason", async (_name, body, message) => {
        const { admin, hanako, events } = await setup()
        const res = await errorResponse(adjust(admin, hanako.customer.id, body))
        expect(res.status).toBe(400)
        expect(res.data.message).toMatch(message)
        expect((await storeBalance(hanako.headers)).balance).toBe(0)
        expect(await events.settle()).toHaveLength(0)
        events.stop()
      })

      it("an admin adjustment is recorded with its actor and requests one member sync", async () => {
        const { admin, hanako, events } = await setup()
        const res = await adjust(admin, hanako.customer.id, { amount: 50, reason: "Apology for late delivery", expires_at: "2099-12-31" })
        expect(res.data.entry).toMatchObject({ amount: 50, kind: "adjustment", reason: "Apology for late delivery" })
        expect(res.data.entry.actor).toMatch(/^user_/)
        expect(res.data).toMatchObject({ balance: 50, nearest_expiry: "2099-12-31T00:00:00.000Z", nearest_expiry_points: 50 })
        expect(await events.settle()).toEqual([{ customer_id: hanako.customer.id, reason: "points" }])
        events.stop()
        const missing = await errorResponse(api.get("/admin/points/customers/cus_missing", admin))
        expect(missing.status).toBe(404)
      })

      it("an idempotency key is per customer: the same key for two customers makes two entries, twice for one makes one", async () => {
        const { admin, hanako, taro, events } = await setup()
        const body = { amount: 30, reason: "Campaign bonus", idempotency_key: "campaign-2026-05" }
        expect((await adjust(admin, hanako.customer.id, body)).status).toBe(201)
        const forTaro = await adjust(admin, taro.customer.id, body)
        expect(forTaro.status).toBe(201)
        expect(forTaro.data).toMatchObject({ entry: { amount: 30 }, balance: 30 })
        const again = await adjust(admin, hanako.customer.id, body)
        expect(again.status).toBe(200)
        expect(again.data).toMatchObject({ entry: null, balance: 30 })
        for (const c of [hanako, taro]) {
          const mine = (await api.get("/store/customers/me/points", { headers: c.headers })).data
          expect(mine).toMatchObject({ balance: 30, count: 1, history: [{ amount: 30 }] })
        }
        await events.settle()
        events.stop()
      })
    })
  },
})
