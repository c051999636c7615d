import { medusaIntegrationTestRunner } from "../helpers/runner"
import { startFakeSmaregi, type FakeSmaregi } from "../../dev/fake-smaregi/server"
import { SMAREGI_MODULE } from "../../src/modules/smaregi"
import type SmaregiModuleService from "../../src/modules/smaregi/service"
import { buildTransaction } from "../../src/smaregi/__fixtures__/sales"
import { nonSalesScenario } from "../../src/smaregi/__fixtures__/scenarios"
import { jstNow, shiftDateTime } from "../../src/smaregi/__fixtures__/times"
import type { SmaregiTransaction } from "../../src/smaregi/transaction-schema"
import { wallClockMs } from "../../src/smaregi/reconcile-windows"
import { reconcileSmaregiConnection } from "../../src/workflows/sales/reconcile"
import { adminHeaders } from "../helpers/auth"
import { salesHarness } from "./sales-in.helpers"

jest.setTimeout(240_000)

const CONTRACT = "C-PULL"
const TOKEN = "token-pull-1"
const DAY = 24 * 60
const LINE = { productCode: "TSHIRT-WHITE-M", color: "White", size: "M", price: 5500, quantity: 1 }

type Cond = Record<string, string>

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("Sales IN: pull now and import past sales (range rule, 500-row pages)", () => {
      let fake: FakeSmaregi
      let headers: Record<string, string>
      beforeAll(async () => {
        fake = await startFakeSmaregi({ port: 0, contracts: [{ contractId: CONTRACT, accessToken: TOKEN }] })
      })
      afterAll(async () => {
        await fake.stop()
      })
      beforeEach(async () => {
        fake.reset()
        headers = (await adminHeaders(getContainer())).headers
      })

      async function harness() {
        const h = await salesHarness(getContainer(), api, { apiUrl: fake.url, contractId: CONTRACT })
        await h.smaregi.updateConnection(h.connectionId, { accessToken: TOKEN })
        return h
      }
      const config = () => ({ headers, validateStatus: () => true })
      const start = (connectionId: string, body?: unknown) => api.post(`/admin/smaregi/connections/${connectionId}/reconcile`, body ?? {}, config())
      const progress = (connectionId: string, runId: string) => api.get(`/admin/smaregi/connections/${connectionId}/reconcile/${runId}`, config())
      async function finished(connectionId: string, runId: string, timeoutMs = 200_000) {
        const deadline = Date.now() + timeoutMs
        for (;;) {
          const { data } = await progress(connectionId, runId)
          if (data.run.status !== "running") return data.run
          if (Date.now() > deadline) throw new Error(`pull ${runId} still running: ${JSON.stringify(data.run)}`)
          await new Promise((r) => setTimeout(r, 200))
        }
      }
      const headLookups = () =>
        fake.requests.filter((r) => r.procName === "transaction_ref" && (r.params as any).table_name === "TransactionHead")
      const sale = (id: string, at: string): SmaregiTransaction => buildTransaction({ id, at, lines: [LINE] })

      it("catches up a watermark 70 days behind in three windows, with no refused lookup, moving the watermark each window", async () => {
        const h = await harness()
        const now = jstNow()
        const watermark = shiftDateTime(now, -70 * DAY)
        await h.smaregi.updateSmaregiConnections({ id: h.connectionId, reconcile_watermark: watermark })
        const sales = [sale("7001", shiftDateTime(now, -65 * DAY)), sale("7002", shiftDateTime(now, -35 * DAY)), sale("7003", shiftDateTime(now, -DAY))]
        fake.seedTransactions(sales, CONTRACT)

        const seen: Array<string | null> = []
        const result = await reconcileSmaregiConnection(getContainer(), h.connectionId, {
          onProgress: async (c) => {
            const [conn] = await h.smaregi.listSmaregiConnections({ id: h.connectionId })
            if (c.windows_done > 0) seen.push(conn.reconcile_watermark)
          },
        })
        expect(result).toMatchObject({ skipped: null, windows_total: 3, windows_done: 3, heads: 3, fed: 3, imported: 3, failed: 0, errors: [] })
        for (const id of ["7001", "7002", "7003"]) expect(await h.row(id)).toMatchObject({ status: "imported" })

        // The watermark moved after each window: to the ends of the first two, then to the newest sale (newer than
        // the two days the scheduled pull re-reads).
        const heads = headLookups().map((r) => (r.params as any).conditions as Cond[])
        expect(heads).toHaveLength(3)
        expect(seen).toEqual([heads[0][0]["updDateTime <"], heads[1][0]["updDateTime <"], shiftDateTime(now, -DAY)])
        expect(heads[0][0]["updDateTime >="]).toBe(watermark)
        heads.forEach((conditions, i) => {
          expect(conditions).toHaveLength(1)
          const span = wallClockMs(conditions[0]["updDateTime <"])! - wallClockMs(conditions[0]["updDateTime >="])!
          expect(span).toBeLessThanOrEqual(31 * 86_400_000)
          if (i > 0) expect(conditions[0]["updDateTime >="]).toBe(heads[i - 1][0]["updDateTime <"])
        })
        // Details one condition object each; nothing the stricter fake refused.
        for (const r of fake.requests) expect((r.params as any).conditions).toHaveLength(1)
        expect(fake.requests.filter((r) => r.status !== 200)).toEqual([])
      })

      it("POST starts a pull in the background (202), GET reports its progress and result", async () => {
        const h = await harness()
        const now = jstNow()
        await h.smaregi.updateSmaregiConnections({ id: h.connectionId, reconcile_watermark: shiftDateTime(now, -40 * DAY) })
        fake.seedTransactions(
          [sale("7101", shiftDateTime(now, -30 * DAY)), sale("7102", shiftDateTime(now, -60)), nonSalesScenario("2", { id: "7103", at: shiftDateTime(now, -30) })],
          CONTRACT
        )
        const started = await start(h.connectionId)
        expect(started.status).toBe(202)
        expect(started.data).toEqual({ run_id: expect.stringMatching(/^smpr_/) })

        const run = await finished(h.connectionId, started.data.run_id)
        expect(run).toMatchObject({
          connection_id: h.connectionId,
          kind: "pull_now",
          status: "done",
          windows_total: 2,
          windows_done: 2,
          heads: 3,
          imported: 2,
          skipped: 1,
          failed: 0,
          error: null,
          finished_at: expect.any(String),
        })
        expect(await h.row("7103")).toMatchObject({ status: "skipped" })
        const [conn] = await h.smaregi.listSmaregiConnections({ id: h.connectionId })
        expect(conn.reconcile_watermark).toBe(shiftDateTime(now, -30))

        // A second pull finds only what it already stored.
        const again = await finished(h.connectionId, (await start(h.connectionId)).data.run_id)
        expect(again).toMatchObject({ status: "done", windows_total: 1, heads: 1, known: 1, imported: 0 })
        expect(fake.requests.filter((r) => r.status !== 200)).toEqual([])

      })

      it("reports a pull that could not run as failed, naming why", async () => {
        const h = await harness()
        fake.fault({ smaregiError: { code: 23 }, times: 1 })
        const run = await finished(h.connectionId, (await start(h.connectionId)).data.run_id)
        expect(run).toMatchObject({ status: "failed", error: expect.stringMatching(/機能|function|23/) })
      })

      it("imports past sales by JST dates without moving the watermark", async () => {
        const h = await harness()
        const now = jstNow()
        await h.smaregi.updateSmaregiConnections({ id: h.connectionId, reconcile_watermark: now })
        fake.seedTransactions(
          [
            sale("7201", "2026-01-01 00:00:00"),
            sale("7202", "2026-02-28 23:59:59"),
            sale("7203", "2026-03-01 00:00:00"),
            sale("7204", "2025-12-31 23:59:59"),
          ],
          CONTRACT
        )
        const started = await start(h.connectionId, { from: "2026-01-01", to: "2026-02-28" })
        expect(started.status).toBe(202)
        const run = await finished(h.connectionId, started.data.run_id)
        expect(run).toMatchObject({ kind: "past_sales", date_from: "2026-01-01", date_to: "2026-02-28", status: "done", windows_total: 2, heads: 2, imported: 2 })
        expect(await h.row("7201")).toMatchObject({ status: "imported" })
        expect(await h.row("7202")).toMatchObject({ status: "imported" })
        expect(await h.row("7203")).toBeNull()
        expect(await h.row("7204")).toBeNull()
        const windows = headLookups().map((r) => (r.params as any).conditions)
        expect(windows).toEqual([
          [{ "transactionDateTime >=": "2026-01-01 00:00:00", "transactionDateTime <": "2026-02-01 00:00:00" }],
          [{ "transactionDateTime >=": "2026-02-01 00:00:00", "transactionDateTime <": "2026-03-01 00:00:00" }],
        ])
        const [conn] = await h.smaregi.listSmaregiConnections({ id: h.connectionId })
        expect(conn.reconcile_watermark).toBe(now)
      })

      it("refuses bad bodies with 400 naming the field, and an unknown connection or run with 404", async () => {
        const smaregi = getContainer().resolve<SmaregiModuleService>(SMAREGI_MODULE)
        const connection = await smaregi.createConnection({ name: "Validation" })
        const cases: Array<[unknown, RegExp]> = [
          [{ from: "2026-02-30" }, /from must be a real date YYYY-MM-DD/],
          [{ from: "2026-03-02", to: "2026-03-01" }, /from must not be after to/],
          [{ to: "2026-03-01" }, /from is required when to is given/],
          [{ from: "2026-03-01 10:00:00" }, /from must be a real date/],
          [{ from: 20260301 }, /Expected type: 'string' for field 'from'/],
          [{ since: "2026-03-01" }, /since/],
        ]
        for (const [body, message] of cases) {
          const reply = await start(connection.id, body)
          expect({ body, status: reply.status, message: reply.data.message }).toEqual({ body, status: 400, message: expect.stringMatching(message) })
        }
        expect(await smaregi.listSmaregiPullRuns({ connection_id: connection.id })).toEqual([])
        expect((await start("smcon_nope")).status).toBe(404)
        expect((await progress(connection.id, "smpr_nope")).status).toBe(404)
      })

      it("reads 1,200 heads across 3 pages of 500", async () => {
        const h = await harness()
        const now = jstNow()
        await h.smaregi.updateSmaregiConnections({ id: h.connectionId, reconcile_watermark: shiftDateTime(now, -DAY) })
        fake.seedTransactions(
          Array.from({ length: 1200 }, (_, i) => nonSalesScenario("2", { id: String(20_000 + i), at: shiftDateTime(now, -600 + i / 60) })),
          CONTRACT
        )
        const started = await start(h.connectionId)
        // One pull of a connection at a time: a second start while it runs is told which run to watch.
        const second = await start(h.connectionId, { from: "2026-01-01" })
        expect([second.status, second.data.run_id]).toEqual([409, started.data.run_id])
        const run = await finished(h.connectionId, started.data.run_id)
        expect(run).toMatchObject({ status: "done", windows_total: 1, heads: 1200, skipped: 1200, failed: 0 })
        expect(headLookups().map((r) => [(r.params as any).page, (r.params as any).limit, r.status])).toEqual([
          [1, 500, 200],
          [2, 500, 200],
          [3, 500, 200],
        ])
        expect(fake.requests.filter((r) => r.status !== 200)).toEqual([])
      })
    })
  },
})
