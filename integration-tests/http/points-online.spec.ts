import { TestEventUtils } from "@medusajs/test-utils"
import { medusaIntegrationTestRunner } from "../helpers/runner"
import { Modules } from "@medusajs/framework/utils"
import { cancelOrderWorkflow } from "@medusajs/medusa/core-flows"
import { seedDemoStore } from "../../dev/seed/demo-store"
import { SmaregiEvents } from "../../src/events"
import expirePointsJob from "../../src/jobs/expire-points"
import { POINTS_MODULE } from "../../src/modules/points"
import type PointsModuleService from "../../src/modules/points/service"
import { adminHeaders, registerCustomer } from "../helpers/auth"
import { collectEvents, createCustomerOrder, errorResponse } from "../helpers/points-helpers"

jest.setTimeout(120_000)

medusaIntegrationTestRunner({
  seedDemoStore: true,
  testSuite: ({ api, getContainer }) => {
    const setup = async () => {
      const container = getContainer()
      const store = await seedDemoStore(container)
      const admin = await adminHeaders(container)
      const hanako = await registerCustomer(api, store.publishableKey, { email: "hanako@example.jp", first_name: "Hanako", last_name: "Sato" })
      const points: PointsModuleService = container.resolve(POINTS_MODULE)
      const eventBus = container.resolve(Modules.EVENT_BUS)
      // Emits an order event and waits until every subscriber (ours included) has finished with it.
      const orderEvent = async (name: "order.placed" | "order.canceled", id: string) => {
        const done = TestEventUtils.waitSubscribersExecution(name, eventBus)
        await eventBus.emit({ name, data: { id } })
        await done
      }
      return { container, store, admin, hanako, points, orderEvent }
    }

    it("is off by default: a placed web order earns nothing", async () => {
      const { container, store, admin, hanako, points, orderEvent } = await setup()
      expect((await api.get("/admin/points/settings", admin)).data.settings.onlineEarning).toEqual({ enabled: false, ratePercent: 1 })
      const order = await createCustomerOrder(container, store, { customer_id: hanako.customer.id, email: hanako.customer.email })
      await orderEvent("order.placed", order.id)
      expect((await points.getBalance(hanako.customer.id)).balance).toBe(0)
    })

    it("earns the rate on placed web orders, once, never on POS imports, and takes it back on cancel", async () => {
      const { container, store, admin, hanako, points, orderEvent } = await setup()
      const settings = await api.post("/admin/points/settings", { onlineEarning: { enabled: true, ratePercent: 5 } }, admin)
      expect(settings.data.settings.onlineEarning).toEqual({ enabled: true, ratePercent: 5 })
      const events = collectEvents<{ customer_id: string }>(container, SmaregiEvents.MEMBER_SYNC_REQUESTED)

      const web = await createCustomerOrder(container, store, { customer_id: hanako.customer.id, email: hanako.customer.email })
      await orderEvent("order.placed", web.id)
      await orderEvent("order.placed", web.id)
      expect((await points.getBalance(hanako.customer.id)).balance).toBe(275)
      expect(await events.settle()).toEqual([{ customer_id: hanako.customer.id, reason: "points" }])

      const pos = await createCustomerOrder(container, store, {
        customer_id: hanako.customer.id,
        email: hanako.customer.email,
        pos: true,
        total: 10_000,
        metadata: { smaregi_transaction_head_id: "88001" },
      })
      await orderEvent("order.placed", pos.id)
      expect((await points.getBalance(hanako.customer.id)).balance).toBe(275)

      events.clear()
      const canceled = TestEventUtils.waitSubscribersExecution("order.canceled", container.resolve(Modules.EVENT_BUS))
      await cancelOrderWorkflow(container).run({ input: { order_id: web.id, no_notification: true } })
      await canceled
      const mine = (await api.get("/store/customers/me/points", { headers: hanako.headers })).data
      expect(mine.balance).toBe(0)
      expect(mine.history.map((e: { amount: number }) => e.amount)).toEqual([-275, 275])
      expect(await events.settle()).toEqual([{ customer_id: hanako.customer.id, reason: "points" }])
      events.stop()
    })

    it("settings are validated and points earned online expire after earnExpiryDays", async () => {
      const { container, store, admin, hanako, points, orderEvent } = await setup()
      const bad = await errorResponse(api.post("/admin/points/settings", { onlineEarning: { ratePercent: 150 } }, admin))
      expect(bad.status).toBe(400)
      expect(bad.data.message).toMatch(/ratePercent/)

      await api.post("/admin/points/settings", { onlineEarning: { enabled: true, ratePercent: 10 }, earnExpiryDays: 30 }, admin)
      const order = await createCustomerOrder(container, store, { customer_id: hanako.customer.id, email: hanako.customer.email })
      await orderEvent("order.placed", order.id)
      const balance = await points.getBalance(hanako.customer.id)
      expect(balance.balance).toBe(550)
      const days = (Date.parse(balance.nearest_expiry as string) - Date.now()) / 86_400_000
      expect(days).toBeGreaterThan(29.9)
      expect(days).toBeLessThanOrEqual(30)

      await expirePointsJob(container)
      expect((await points.getBalance(hanako.customer.id)).balance).toBe(550)
    })
  },
})
