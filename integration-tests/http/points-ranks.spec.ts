import { medusaIntegrationTestRunner } from "../helpers/runner"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { cancelOrderWorkflow } from "@medusajs/medusa/core-flows"
import { seedDemoStore } from "../../dev/seed/demo-store"
import { SmaregiEvents } from "../../src/events"
import recomputeRanksJob from "../../src/jobs/recompute-ranks"
import { adminHeaders } from "../helpers/auth"
import { collectEvents, createCustomerOrder, errorResponse } from "../helpers/points-helpers"

jest.setTimeout(120_000)

const DAY = 24 * 60 * 60 * 1000
type Change = { customer_id: string; from_group_ids: string[]; to_group_id: string | null; reason: string }

medusaIntegrationTestRunner({
  seedDemoStore: true,
  testSuite: ({ api, getContainer }) => {
    const setup = async () => {
      const container = getContainer()
      const store = await seedDemoStore(container)
      const admin = await adminHeaders(container)
      const customers = container.resolve(Modules.CUSTOMER)
      const [gold, silver, newsletter] = await customers.createCustomerGroups([{ name: "Gold" }, { name: "Silver" }, { name: "Newsletter" }])
      const [aiko, ken] = await customers.createCustomers([
        { email: "aiko@example.jp", first_name: "Aiko", has_account: true },
        { email: "ken@example.jp", first_name: "Ken", has_account: true },
      ])
      await customers.addCustomerToGroup({ customer_id: aiko.id, customer_group_id: newsletter.id })
      const rule = async (body: Record<string, unknown>) => (await api.post("/admin/points/rank-rules", body, admin)).data.rank_rule
      await rule({ name: "Gold", customer_group_id: gold.id, min_spend: 10_000, window_days: 365, priority: 2 })
      await rule({ name: "Silver", customer_group_id: silver.id, min_spend: 5_000, window_days: 365, priority: 1 })
      return { container, store, admin, gold, silver, newsletter, aiko, ken }
    }
    const groupsOf = async (container: ReturnType<typeof getContainer>, customerId: string) => {
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph({ entity: "customer", fields: ["groups.name"], filters: { id: customerId } })
      return ((data[0].groups ?? []) as ({ name: string } | null)[]).map((g) => g?.name).sort()
    }
    const summary = (changes: Change[]) => changes.map((c) => [c.customer_id, c.to_group_id]).sort()

    it("moves customers across thresholds, records why, and back out when the window passes their orders", async () => {
      const { container, store, admin, gold, silver, aiko, ken } = await setup()
      await createCustomerOrder(container, store, { customer_id: aiko.id, email: aiko.email })
      await createCustomerOrder(container, store, { customer_id: aiko.id, email: aiko.email, pos: true, metadata: { smaregi_transaction_head_id: "90001" } })
      await createCustomerOrder(container, store, { customer_id: ken.id, email: ken.email })
      const canceled = await createCustomerOrder(container, store, { customer_id: ken.id, email: ken.email, total: 20_000 })
      await cancelOrderWorkflow(container).run({ input: { order_id: canceled.id, no_notification: true } })
      const events = collectEvents<{ customer_id: string }>(container, SmaregiEvents.MEMBER_SYNC_REQUESTED)

      const preview = await api.post("/admin/points/batches/ranks", { dry_run: true }, admin)
      expect(preview.data.dry_run).toBe(true)
      expect(summary(preview.data.changes)).toEqual([[aiko.id, gold.id], [ken.id, silver.id]].sort())
      expect(await groupsOf(container, aiko.id)).toEqual(["Newsletter"])
      expect(await events.settle()).toHaveLength(0)

      const run = await api.post("/admin/points/batches/ranks", {}, admin)
      expect(summary(run.data.changes)).toEqual(summary(preview.data.changes))
      expect(await groupsOf(container, aiko.id)).toEqual(["Gold", "Newsletter"])
      expect(await groupsOf(container, ken.id)).toEqual(["Silver"])
      expect((await events.settle()).map((e) => e.customer_id).sort()).toEqual([aiko.id, ken.id].sort())

      const history = await api.get(`/admin/points/rank-changes?customer_id=${aiko.id}`, admin)
      expect(history.data.rank_changes).toEqual([
        expect.objectContaining({
          run_id: run.data.run_id,
          from_group_ids: [],
          to_group_id: gold.id,
          spend: 11_000,
          reason: "spent 11000 in the last 365 days, reaching Gold (min 10000)",
        }),
      ])

      events.clear()
      const again = await api.post("/admin/points/batches/ranks", {}, admin)
      expect(again.data.changes).toEqual([])
      expect(await events.settle()).toHaveLength(0)

      const later = new Date(Date.now() + 366 * DAY).toISOString()
      const previewLater = await api.post("/admin/points/batches/ranks", { dry_run: true, now: later }, admin)
      expect(summary(previewLater.data.changes)).toEqual([[aiko.id, null], [ken.id, null]].sort())
      expect(await groupsOf(container, aiko.id)).toEqual(["Gold", "Newsletter"])
      const runLater = await api.post("/admin/points/batches/ranks", { now: later }, admin)
      expect(summary(runLater.data.changes)).toEqual(summary(previewLater.data.changes))
      expect(runLater.data.changes.find((c: Change) => c.customer_id === aiko.id)).toMatchObject({
        from_group_ids: [gold.id],
        reason: "spent 0 in the last 365 days, below every rank threshold",
      })
      expect(await groupsOf(container, aiko.id)).toEqual(["Newsletter"])
      expect(await groupsOf(container, ken.id)).toEqual([])
      expect((await events.settle()).map((e) => e.customer_id).sort()).toEqual([aiko.id, ken.id].sort())
      events.stop()
    })

    it("the daily job runs the same batch", async () => {
      const { container, store, aiko, gold } = await setup()
      await createCustomerOrder(container, store, { customer_id: aiko.id, email: aiko.email, total: 12_000 })
      await recomputeRanksJob(container)
      expect(await groupsOf(container, aiko.id)).toEqual(["Gold", "Newsletter"])
      const rules = await api.get("/admin/points/rank-rules", await adminHeaders(container))
      expect(rules.data.rank_rules.map((r: { customer_group_id: string }) => r.customer_group_id)[0]).toBe(gold.id)
    })

    it("rank rules: create, update, delete, and refuse unknown or reused groups", async () => {
      const { admin, gold, newsletter } = await setup()
      const list = await api.get("/admin/points/rank-rules", admin)
      expect(list.data.rank_rules.map((r: { name: string }) => r.name)).toEqual(["Gold", "Silver"])

      const created = await api.post("/admin/points/rank-rules", { customer_group_id: newsletter.id, min_spend: 100 }, admin)
      expect(created.status).toBe(201)
      expect(created.data.rank_rule).toMatchObject({ window_days: 365, priority: 0, enabled: true, min_spend: 100 })
      const id = created.data.rank_rule.id

      const updated = await api.post(`/admin/points/rank-rules/${id}`, { min_spend: 2500, window_days: 180 }, admin)
      expect(updated.data.rank_rule).toMatchObject({ id, min_spend: 2500, window_days: 180 })
      expect((await api.get(`/admin/points/rank-rules/${id}`, admin)).data.rank_rule.min_spend).toBe(2500)

      const unknown = await errorResponse(api.post("/admin/points/rank-rules", { customer_group_id: "cusgroup_nope", min_spend: 1 }, admin))
      expect(unknown.status).toBe(400)
      expect(unknown.data.message).toMatch(/customer_group_id: customer group cusgroup_nope does not exist/)
      const reused = await errorResponse(api.post("/admin/points/rank-rules", { customer_group_id: gold.id, min_spend: 1 }, admin))
      expect(reused.status).toBe(400)
      expect(reused.data.message).toMatch(/already uses this customer group/)
      const negative = await errorResponse(api.post("/admin/points/rank-rules", { customer_group_id: newsletter.id, min_spend: -1 }, admin))
      expect(negative.status).toBe(400)
      expect(negative.data.message).toMatch(/min_spend/)

      const deleted = await api.delete(`/admin/points/rank-rules/${id}`, admin)
      expect(deleted.data).toEqual({ id, object: "rank_rule", deleted: true })
      expect((await errorResponse(api.get(`/admin/points/rank-rules/${id}`, admin))).status).toBe(404)
    })
  },
})
