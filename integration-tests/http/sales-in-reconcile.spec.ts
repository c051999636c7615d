import { medusaIntegrationTestRunner } from "../helpers/runner"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { startFakeSmaregi, type FakeSmaregi } from "../../dev/fake-smaregi/server"
import reconcileJob, { config as reconcileJobConfig } from "../../src/jobs/reconcile-smaregi-transactions"
import { buildTransaction } from "../../src/smaregi/__fixtures__/sales"
import { jstNow, shiftDateTime } from "../../src/smaregi/__fixtures__/times"
import { reconcileSmaregiConnection } from "../../src/workflows/sales/reconcile"
import { salesHarness } from "./sales-in.helpers"

jest.setTimeout(180_000)

const CONTRACT = "C-RECONCILE"
const TOKEN = "token-reconcile-1"

medusaIntegrationTestRunner({
  seedDemoStore: true,
  testSuite: ({ api, getContainer }) => {
    describe("Sales IN: reconciliation pulls what the push missed (IN-18)", () => {
      let fake: FakeSmaregi
      beforeAll(async () => {
        fake = await startFakeSmaregi({ port: 0, contracts: [{ contractId: CONTRACT, accessToken: TOKEN }] })
      })
      afterAll(async () => {
        await fake.stop()
      })
      beforeEach(() => fake.reset())

      async function harness() {
        const h = await salesHarness(getContainer(), api, { apiUrl: fake.url, contractId: CONTRACT })
        await h.smaregi.updateConnection(h.connectionId, { accessToken: TOKEN })
        return h
      }

      const ordersOf = async (headId: string) => {
        const { data } = await getContainer()
          .resolve(ContainerRegistrationKeys.QUERY)
          .graph({ entity: "order", fields: ["id", "metadata"], filters: {} })
        return data.filter((o: any) => o.metadata?.smaregi_transaction_head_id === headId)
      }

      it("imports a sale seeded only in Smaregi, and a second run changes nothing", async () => {
        const h = await harness()
        const now = jstNow()
        const missed = buildTransaction({
          id: "6001",
          at: shiftDateTime(now, -30),
          lines: [{ productCode: "TSHIRT-WHITE-M", color: "White", size: "M", price: 5500, quantity: 1 }],
        })
        const old = buildTransaction({
          id: "6002",
          at: shiftDateTime(now, -5 * 24 * 60),
          lines: [{ productCode: "TSHIRT-WHITE-M", color: "White", size: "M", price: 5500, quantity: 1 }],
        })
        fake.seedTransactions([missed, old], CONTRACT)

        const first = await reconcileSmaregiConnection(getContainer(), h.connectionId)
        expect(first).toMatchObject({ skipped: null, heads: 1, fed: 1, known: 0, errors: [], watermark: missed.head.updDateTime })
        const row = await h.row("6001")
        expect(row).toMatchObject({ status: "imported" })
        expect(await h.row("6002")).toBeNull()
        const order = await h.order(row!.order_id!)
        expect(Number(order.total)).toBe(5500)
        expect(order.items[0].variant_sku).toBe("TSHIRT-WHITE-M")

        const eventsBefore = await h.events("6001")
        const second = await reconcileSmaregiConnection(getContainer(), h.connectionId)
        expect(second).toMatchObject({ heads: 1, fed: 0, known: 1, from: missed.head.updDateTime })
        expect(await h.events("6001")).toEqual(eventsBefore)
        expect(await ordersOf("6001")).toHaveLength(1)
        const [conn] = await h.smaregi.listSmaregiConnections({ id: h.connectionId })
        expect(conn.reconcile_watermark).toBe(missed.head.updDateTime)
        expect(conn.reconciled_at).toBeTruthy()

        const refs = fake.requests.filter((r) => r.procName === "transaction_ref").map((r) => (r.params as any).table_name)
        expect(refs).toEqual(["TransactionHead", "TransactionDetail", "TransactionHead"])
      })

      it("cleans hostile keys of rows read back through transaction_ref the way it cleans pushed rows", async () => {
        const h = await harness()
        const hostile = () => JSON.parse('{"__proto__":"p","constructor":"c","hasOwnProperty":"h","toString":"t","valueOf":"v"}')
        const tx = buildTransaction({
          id: "6051",
          at: shiftDateTime(jstNow(), -30),
          lines: [{ productCode: "TSHIRT-WHITE-M", color: "White", size: "M", price: 5500, quantity: 1 }],
        })
        fake.seedTransactions([{ head: { ...tx.head, ...hostile() }, details: tx.details.map((d) => ({ ...d, ...hostile() })) }], CONTRACT)

        const result = await reconcileSmaregiConnection(getContainer(), h.connectionId)
        expect(result).toMatchObject({ heads: 1, fed: 1, imported: 1, errors: [] })
        const [stored] = await h.sql(
          `SELECT status, (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(head) k WHERE k IN ('__proto__','constructor','hasOwnProperty','toString','valueOf')) AS head_keys,
                  (SELECT array_agg(k ORDER BY k) FROM jsonb_array_elements(details) d, jsonb_object_keys(d) k WHERE k IN ('__proto__','constructor','hasOwnProperty','toString','valueOf')) AS detail_keys
             FROM smaregi_transaction WHERE transaction_head_id = '6051'`
        )
        expect(stored).toEqual({ status: "imported", head_keys: null, detail_keys: null })
      })

      it("finds a pushed sale already imported and an edit the push missed", async () => {
        const h = await harness()
        const at = shiftDateTime(jstNow(), -60)
        const tx = buildTransaction({ id: "6101", at, lines: [{ productCode: "TSHIRT-NAVY-S", color: "Navy", size: "S", price: 5500, quantity: 1 }] })
        await h.push([tx])
        const imported = await h.settled("6101")
        fake.seedTransactions([tx], CONTRACT)
        expect(await reconcileSmaregiConnection(getContainer(), h.connectionId)).toMatchObject({ heads: 1, fed: 0, known: 1 })

        const edited = { head: { ...tx.head, memo: "後から変更", updDateTime: shiftDateTime(at, 10) }, details: tx.details }
        fake.seedTransactions([edited], CONTRACT)
        expect(await reconcileSmaregiConnection(getContainer(), h.connectionId)).toMatchObject({ heads: 1, fed: 1 })
        const row = await h.row("6101")
        expect(row).toMatchObject({ status: "updated", order_id: imported.order_id, applied_upd_date_time: edited.head.updDateTime })
        expect((await h.order(imported.order_id!)).metadata.smaregi_memo).toBe("後から変更")
      })

      it("the scheduled job reconciles every enabled connection every 15 minutes, one run at a time", async () => {
        const h = await harness()
        fake.seedTransactions(
          [buildTransaction({ id: "6201", at: shiftDateTime(jstNow(), -5), lines: [{ productCode: "SHIRT-NAVY-M", color: "Navy", size: "M", price: 9900, quantity: 1 }] })],
          CONTRACT
        )
        await reconcileJob(getContainer())
        expect(await h.row("6201")).toMatchObject({ status: "imported" })
        // An interval from each process's start, not wall-clock quarter hours (SMAREGI_RECONCILE_INTERVAL_MS).
        expect(reconcileJobConfig.schedule).toEqual({ interval: 15 * 60_000, concurrency: "forbid" })
      })

      it("skips a connection without credentials instead of failing", async () => {
        const h = await salesHarness(getContainer(), api, { apiUrl: fake.url, contractId: null })
        const result = await reconcileSmaregiConnection(getContainer(), h.connectionId)
        expect(result.skipped).toMatch(/no contract id or access token/)
        expect(fake.requests).toHaveLength(0)
      })
    })
  },
})
