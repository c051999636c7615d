import { medusaIntegrationTestRunner } from "../helpers/runner"
import processPendingSmaregiTransactions from "../../src/jobs/process-pending-smaregi-transactions"
import { buildTransaction } from "../../src/smaregi/__fixtures__/sales"
import { jstNow, shiftDateTime } from "../../src/smaregi/__fixtures__/times"
import type { SmaregiTransaction } from "../../src/smaregi/transaction-schema"
import { salesHarness } from "./sales-in.helpers"

// IN-3: the pending-transactions job settles what it cannot process, so no head is retried forever or
// keeps newer heads waiting.

jest.setTimeout(180_000)

const LINE = { productCode: "TSHIRT-WHITE-M", color: "White", size: "M", price: 5500, quantity: 1 }

medusaIntegrationTestRunner({
  seedDemoStore: true,
  testSuite: ({ api, getContainer }) => {
    describe("Sales IN: the pending-transactions job never retries a head forever", () => {
      const sale = (id: string, minutesAgo: number): SmaregiTransaction => buildTransaction({ id, at: shiftDateTime(jstNow(), -minutesAgo), lines: [LINE] })

      async function harness() {
        const h = await salesHarness(getContainer(), api)
        // Stored without an event (as after a lost event), and old enough for the job.
        const store = async (connectionId: string, tx: SmaregiTransaction, minutesAgo: number) => {
          const delivery = await h.smaregi.recordSmaregiTransactionDelivery({ connectionId, transaction: tx })
          await h.sql(`UPDATE smaregi_transaction SET updated_at = now() - make_interval(mins => ?) WHERE id = ?`, [minutesAgo, delivery.transactionId])
          return delivery.transactionId
        }
        return { ...h, store }
      }

      it("settles heads of a deleted or a disabled connection as skipped, with the reason, and still imports the others", async () => {
        const h = await harness()
        const deleted = await h.smaregi.createConnection({ name: "Closed shop", agreementSecret: "closed-shop-secret-01" })
        const disabled = await h.smaregi.createConnection({ name: "Paused shop", agreementSecret: "paused-shop-secret-01" })
        await h.store(deleted.id, sale("8101", 60), 60)
        await h.store(disabled.id, sale("8102", 50), 50)
        await h.store(h.connectionId, sale("8103", 10), 10)
        await h.smaregi.updateConnection(deleted.id, { agreementSecret: null, enabled: false })
        await h.smaregi.softDeleteSmaregiConnections([deleted.id])
        await h.smaregi.updateConnection(disabled.id, { enabled: false })

        await processPendingSmaregiTransactions(getContainer())

        const rows = await h.sql(
          `SELECT transaction_head_id, status, reason_code, reason FROM smaregi_transaction ORDER BY transaction_head_id`
        )
        expect(rows).toEqual([
          { transaction_head_id: "8101", status: "skipped", reason_code: "connection_deleted", reason: `connection ${deleted.id} was deleted before this transaction was processed` },
          {
            transaction_head_id: "8102",
            status: "skipped",
            reason_code: "connection_disabled",
            reason: `connection ${disabled.id} is disabled: enable it and replay this transaction to import it`,
          },
          { transaction_head_id: "8103", status: "imported", reason_code: null, reason: null },
        ])
        const [event] = await h.smaregi.listSmaregiTransactionEvents({ transaction_head_id: "8101", type: "skipped" })
        expect(event).toMatchObject({ reason_code: "connection_deleted" })
        // Settled heads are not picked up again.
        const before = await h.smaregi.listSmaregiTransactionEvents({})
        await processPendingSmaregiTransactions(getContainer())
        expect(await h.smaregi.listSmaregiTransactionEvents({})).toHaveLength(before.length)
      })

      it("counts every run that fails and marks the head failed, naming the last error, after SMAREGI_PENDING_MAX_ATTEMPTS", async () => {
        const h = await harness()
        const id = await h.store(h.connectionId, sale("8201", 30), 30)
        // Settings that no longer parse make every run throw before it starts (a stored connection broken by hand).
        await h.sql(
          `UPDATE smaregi_connection SET settings = jsonb_set(settings, '{timeoutMs}', '1'), updated_at = now() WHERE id = ?`,
          [h.connectionId]
        )
        process.env.SMAREGI_PENDING_MAX_ATTEMPTS = "2"
        try {
          const seen: Array<[string, number]> = []
          for (let run = 0; run < 6; run++) {
            await processPendingSmaregiTransactions(getContainer())
            const [row] = await h.sql(`SELECT status, attempts FROM smaregi_transaction WHERE id = ?`, [id])
            seen.push([String(row!.status), Number(row!.attempts)])
            if (row!.status !== "received") break
            await h.sql(`UPDATE smaregi_transaction SET updated_at = now() - interval '1 hour' WHERE id = ?`, [id])
          }
          expect(seen).toEqual([
            ["received", 1],
            ["received", 2],
            ["failed", 2],
          ])
        } finally {
          delete process.env.SMAREGI_PENDING_MAX_ATTEMPTS
        }
        const row = await h.row("8201")
        expect(row).toMatchObject({ status: "failed", reason_code: "attempts_exhausted", attempts: 2 })
        expect(row!.reason).toMatch(/^gave up after 2 attempts that did not finish; the last error: .*timeoutMs.* — fix the cause, then replay$/s)
        expect((await h.events("8201")).map((e) => [e.type, e.reason_code])).toEqual([
          ["received", "first_delivery"],
          ["failed", "attempts_exhausted"],
        ])
      })

      it("marks failed a head whose runs crashed (attempts left behind) instead of starting another", async () => {
        const h = await harness()
        const crashed = await h.store(h.connectionId, sale("8301", 40), 40)
        const once = await h.store(h.connectionId, sale("8302", 20), 20)
        // Runs that started and never finished (a worker killed mid-import) leave their attempt.
        await h.sql(`UPDATE smaregi_transaction SET attempts = 5 WHERE id = ?`, [crashed])
        await h.sql(`UPDATE smaregi_transaction SET attempts = 4 WHERE id = ?`, [once])

        await processPendingSmaregiTransactions(getContainer())

        expect(await h.row("8301")).toMatchObject({ status: "failed", reason_code: "attempts_exhausted", order_id: null })
        expect((await h.row("8301"))!.reason).toBe("gave up after 5 attempts that did not finish — fix the cause, then replay")
        expect(await h.row("8302")).toMatchObject({ status: "imported", attempts: 5 })
      })
    })
  },
})
