import { medusaIntegrationTestRunner } from "../helpers/runner"
import { buildTransaction } from "../../src/smaregi/__fixtures__/sales"
import { cancelScenario } from "../../src/smaregi/__fixtures__/scenarios"
import { POINTS_MODULE } from "../../src/modules/points"
import type PointsModuleService from "../../src/modules/points/service"
import { SmaregiEvents } from "../../src/events"
import { adminHeaders, registerCustomer } from "../helpers/auth"
import { recordEvents, salesHarness, waitForEvent } from "./sales-in.helpers"

jest.setTimeout(180_000)

medusaIntegrationTestRunner({
  seedDemoStore: true,
  testSuite: ({ api, getContainer }) => {
    describe("The register's points never block a sale (PTS-5)", () => {
      it("imports a sale spending more points than the ledger holds, flags it points_drift with an event, and a cancel reverses it", async () => {
        const container = getContainer()
        const h = await salesHarness(container, api, { pointsOnCreate: true, pointsOnUpdate: true })
        const { customer } = await registerCustomer(api, h.store.publishableKey, { email: "drift@example.jp", first_name: "Ken", last_name: "Sato" })
        await h.createMember(customer.id, "777", "M000000777")
        const points = container.resolve<PointsModuleService>(POINTS_MODULE)
        await points.adjustPoints({ customer_id: customer.id, amount: 100, reason: "opening balance", actor: "test" })
        const recorder = recordEvents(container)
        const admin = await adminHeaders(container)

        // The register knew of 300 points (the web ledger only 100): the sale happened, so it must be imported.
        const tx = buildTransaction({
          id: "4801",
          customerId: "777",
          customerCode: "M000000777",
          lines: [{ productCode: "TSHIRT-NAVY-L", color: "Navy", size: "L", price: 5500, quantity: 1 }],
          pointDiscount: 300,
          newPoint: 10,
        })
        await h.push([tx])
        const row = await h.settled("4801")
        expect(row).toMatchObject({ status: "imported", reason_code: null })
        expect(row.order_id).toBeTruthy()
        expect((await points.getBalance(customer.id)).balance).toBe(100 - 300 + 10)

        const drift = {
          customer_id: customer.id,
          spend: 300,
          earn: 10,
          debits: [{ kind: "spend", amount: -300, balance_before: 110, balance_after: -190 }],
          balance_after: -190,
          at: expect.any(String),
        }
        const flagged = await api.get(`/admin/smaregi/transactions?points_drift=true`, admin)
        expect(flagged.data.transactions).toEqual([expect.objectContaining({ id: row.id, status: "imported", points_drift: drift })])
        const all = await api.get(`/admin/smaregi/transactions`, admin)
        expect(all.data.transactions.find((t: { id: string }) => t.id === row.id).points_drift).toEqual(drift)
        expect((await api.get(`/admin/smaregi/transactions?points_drift=false`, admin)).data.transactions).toEqual([])
        const detail = await api.get(`/admin/smaregi/transactions/${row.id}`, admin)
        expect(detail.data.transaction.points_drift).toEqual(drift)

        await waitForEvent(recorder.events, SmaregiEvents.TRANSACTION_POINTS_DRIFT)
        const emitted = recorder.events.filter((e) => e.name === SmaregiEvents.TRANSACTION_POINTS_DRIFT)
        expect(emitted).toHaveLength(1)
        expect(emitted[0].data).toEqual({
          id: row.id,
          connection_id: h.connectionId,
          transaction_head_id: "4801",
          order_id: row.order_id,
          ...drift,
        })

        // Admin adjustments still may not take the balance lower.
        await expect(points.adjustPoints({ customer_id: customer.id, amount: -1, reason: "test", actor: "test" })).rejects.toThrow(
          /may not go negative/
        )

        await h.push([cancelScenario(tx)])
        expect((await h.settled("4801", { events: 2 })).status).toBe("canceled")
        expect((await points.getBalance(customer.id)).balance).toBe(100)
        expect(recorder.events.filter((e) => e.name === SmaregiEvents.TRANSACTION_POINTS_DRIFT)).toHaveLength(1)
        recorder.stop()
      })

      it("reverses on cancel an earn the member already spent on the web, below zero, instead of failing the cancel", async () => {
        const container = getContainer()
        const h = await salesHarness(container, api, { pointsOnCreate: true, pointsOnUpdate: true })
        const { customer } = await registerCustomer(api, h.store.publishableKey, { email: "earned@example.jp", first_name: "Aki", last_name: "Mori" })
        await h.createMember(customer.id, "778", "M000000778")
        const points = container.resolve<PointsModuleService>(POINTS_MODULE)

        const tx = buildTransaction({
          id: "4802",
          customerId: "778",
          customerCode: "M000000778",
          lines: [{ productCode: "TSHIRT-NAVY-L", color: "Navy", size: "L", price: 5500, quantity: 1 }],
          newPoint: 55,
        })
        await h.push([tx])
        expect((await h.settled("4802")).status).toBe("imported")
        await points.adjustPoints({ customer_id: customer.id, amount: -55, reason: "spent on the web", actor: "test" })

        await h.push([cancelScenario(tx)])
        const canceled = await h.settled("4802", { events: 2 })
        expect(canceled.status).toBe("canceled")
        expect((await points.getBalance(customer.id)).balance).toBe(-55)
        const admin = await adminHeaders(container)
        const detail = await api.get(`/admin/smaregi/transactions/${canceled.id}`, admin)
        expect(detail.data.transaction.points_drift).toMatchObject({
          spend: 0,
          earn: 0,
          debits: [{ kind: "earn", amount: -55, balance_before: 0, balance_after: -55 }],
        })
      })
    })
  },
})
