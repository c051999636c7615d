import { medusaIntegrationTestRunner } from "../helpers/runner"
import { getOrderDetailWorkflow } from "@medusajs/medusa/core-flows"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { buildTransaction } from "../../src/smaregi/__fixtures__/sales"
import { POINTS_MODULE } from "../../src/modules/points"
import type PointsModuleService from "../../src/modules/points/service"
import { processSmaregiTransactionWorkflow } from "../../src/workflows/sales/process-transaction"
import { STOCK_CONSUMED_KEY } from "../../src/workflows/sales/steps/adjust-stock"
import { registerCustomer } from "../helpers/auth"
import { recordEvents, salesHarness, waitForEvent, type SalesHarness } from "./sales-in.helpers"

jest.setTimeout(180_000)

const memberSale = (id: string) =>
  buildTransaction({
    id,
    customerId: "777",
    customerCode: "M000000777",
    lines: [{ productCode: "TSHIRT-NAVY-M", color: "Navy", size: "M", price: 5500, quantity: 2 }],
    pointDiscount: 300,
    newPoint: 52,
  })

type Interruption = {
  /** the killed run never claimed the order (orphan) */
  unclaimed?: boolean
  /** the killed run died before the store payment */
  unpaid?: boolean
  /** the killed run died before moving stock */
  stockNotMoved?: boolean
  /** the killed run died inside Medusa's capture, after this write (the ones after it never happened) */
  captureCutAfter?: "capture_row" | "captured_at" | "collection_status"
}

medusaIntegrationTestRunner({
  seedDemoStore: true,
  testSuite: ({ api, getContainer }) => {
    describe("Sales IN: an import interrupted after its order was created is resumed, not updated (IN-5)", () => {
      async function importedSale(headId: string) {
        const container = getContainer()
        const h = await salesHarness(container, api, { inventoryEnabled: true, pointsOnCreate: true })
        const { customer } = await registerCustomer(api, h.store.publishableKey, {
          email: `resume-${headId}@example.jp`,
          first_name: "Ken",
          last_name: "Sato",
        })
        await h.createMember(customer.id, "777", "M000000777")
        const points = container.resolve<PointsModuleService>(POINTS_MODULE)
        await points.adjustPoints({ customer_id: customer.id, amount: 1000, reason: "opening balance", actor: "test" })
        await h.push([memberSale(headId)])
        const row = await h.settled(headId)
        expect(row.status).toBe("imported")
        expect(await h.stock("TSHIRT-NAVY-M")).toBe(8)
        expect((await points.getBalance(customer.id)).balance).toBe(1000 - 300 + 52)
        return { container, h, points, customerId: customer.id, row }
      }

      /** Puts the row (and the order) back where a SIGKILLed run would have left them. */
      async function interrupt(h: SalesHarness, headId: string, orderId: string, how: Interruption) {
        const container = h.container
        const link = container.resolve(ContainerRegistrationKeys.LINK)
        const row = (await h.row(headId))!
        await h.sql(
          `UPDATE smaregi_transaction SET applied_upd_date_time = NULL, status = 'received', action = NULL,
             order_id = ${how.unclaimed ? "NULL" : "order_id"} WHERE id = ?`,
          [row.id]
        )
        const imported = (await h.smaregi.listSmaregiTransactionEvents({ transaction_id: row.id, type: "imported" } as never)) as Array<{ id: string }>
        expect(imported).toHaveLength(1)
        await h.smaregi.deleteSmaregiTransactionEvents(imported.map((e) => e.id))
        if (how.unpaid) {
          const order = await h.order(orderId)
          const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
            entity: "order",
            fields: ["payment_collections.id"],
            filters: { id: orderId },
          })
          const ids = (data[0].payment_collections as Array<{ id: string }>).map((c) => c.id)
          expect(order.payment_collections).toHaveLength(1)
          await link.dismiss(ids.map((id) => ({ [Modules.ORDER]: { order_id: orderId }, [Modules.PAYMENT]: { payment_collection_id: id } })))
          const orders = container.resolve(Modules.ORDER)
          await orders.deleteOrderTransactions((await orders.listOrderTransactions({ order_id: orderId })).map((t) => t.id))
          expect((await h.order(orderId)).payment_collections).toEqual([])
        }
        if (how.captureCutAfter) {
          const [payment] = await h.sql(
            `SELECT p.id, p.payment_collection_id FROM payment p
               JOIN order_payment_collection opc ON opc.payment_collection_id = p.payment_collection_id AND opc.deleted_at IS NULL
              WHERE opc.order_id = ? AND p.deleted_at IS NULL`,
            [orderId]
          )
          if (how.captureCutAfter === "capture_row") {
            await h.sql(`UPDATE payment SET captured_at = NULL WHERE id = ?`, [payment.id])
          }
          if (how.captureCutAfter !== "collection_status") {
            await h.sql(
              `UPDATE payment_collection SET status = 'authorized', captured_amount = 0, raw_captured_amount = '{"value":"0","precision":20}', completed_at = NULL WHERE id = ?`,
              [payment.payment_collection_id]
            )
          }
          const orders = container.resolve(Modules.ORDER)
          const captures = await orders.listOrderTransactions({ order_id: orderId, reference: "capture" })
          expect(captures).toHaveLength(1)
          await orders.deleteOrderTransactions(captures.map((t) => t.id))
        }
        if (how.stockNotMoved) {
          await container.resolve(Modules.INVENTORY).adjustInventory([
            { inventoryItemId: h.store.inventoryItems["TSHIRT-NAVY-M"], locationId: h.store.stockLocationId, adjustment: 2 },
          ])
          const order = await h.order(orderId)
          await container.resolve(Modules.ORDER).updateOrders([{ id: orderId, metadata: { ...order.metadata, [STOCK_CONSUMED_KEY]: false } }])
          expect(await h.stock("TSHIRT-NAVY-M")).toBe(10)
        }
        return row.id
      }

      async function ordersOf(h: SalesHarness, transactionId: string): Promise<string[]> {
        const rows = await h.sql(
          `SELECT id FROM "order" WHERE metadata->>'smaregi_transaction_id' = ? AND deleted_at IS NULL`,
          [transactionId]
        )
        return rows.map((r) => String(r.id))
      }

      it.each<[string, Interruption]>([
        ["after the claim (payment and stock done)", {}],
        ["before the store payment", { unpaid: true }],
        ["before the stock movement", { unpaid: true, stockNotMoved: true }],
        ["before the claim (an orphan order)", { unclaimed: true, unpaid: true, stockNotMoved: true }],
        ["inside the capture, after its capture row", { captureCutAfter: "capture_row" }],
        ["inside the capture, after the payment's captured_at", { captureCutAfter: "captured_at" }],
        ["inside the capture, before the order transaction", { captureCutAfter: "collection_status" }],
      ])("killed %s: the next run finishes the import exactly once", async (_name, how) => {
        const headId = `71${Object.keys(how).length}${how.unclaimed ? 1 : 0}${["capture_row", "captured_at", "collection_status"].indexOf(how.captureCutAfter ?? "") + 1}`
        const { container, h, points, customerId, row } = await importedSale(headId)
        const orderId = row.order_id!
        const transactionId = await interrupt(h, headId, orderId, how)
        const spy = recordEvents(container)

        const { result } = await processSmaregiTransactionWorkflow(container).run({ input: { transaction_id: transactionId } })
        expect(result).toMatchObject({ action: "resume", status: "imported", order_id: orderId })
        await waitForEvent(spy.events, "smaregi.transaction.imported")
        spy.stop()

        const after = (await h.row(headId))!
        expect(after).toMatchObject({ status: "imported", order_id: orderId, applied_upd_date_time: row.applied_upd_date_time })
        expect(await ordersOf(h, transactionId)).toEqual([orderId])

        const order = await h.order(orderId)
        expect(order.payment_collections).toHaveLength(1)
        const [collection] = order.payment_collections
        expect(collection.status).toBe("completed")
        expect(collection.payments.map((p: any) => [p.provider_id, Number(p.amount)])).toEqual([
          ["pp_store-payment_smaregi", Number(order.total)],
        ])
        const money = await h.sql(
          `SELECT (SELECT count(*) FROM capture c JOIN payment p ON p.id = c.payment_id
                    JOIN order_payment_collection opc ON opc.payment_collection_id = p.payment_collection_id AND opc.deleted_at IS NULL
                   WHERE opc.order_id = ? AND c.deleted_at IS NULL)::int AS captures,
                  (SELECT count(*) FROM order_transaction t WHERE t.order_id = ? AND t.reference = 'capture' AND t.deleted_at IS NULL)::int AS transactions,
                  (SELECT count(*) FROM payment p JOIN order_payment_collection opc ON opc.payment_collection_id = p.payment_collection_id
                   AND opc.deleted_at IS NULL WHERE opc.order_id = ? AND p.captured_at IS NOT NULL)::int AS captured_payments`,
          [orderId, orderId, orderId]
        )
        expect(money[0]).toEqual({ captures: 1, transactions: 1, captured_payments: 1 })
        const { result: detail } = await getOrderDetailWorkflow(container).run({
          input: { order_id: orderId, fields: ["id", "total", "payment_status", "summary.*"] },
        })
        expect(detail.payment_status).toBe("captured")
        expect(Number((detail as any).summary.paid_total)).toBe(Number(order.total))
        expect(order.metadata[STOCK_CONSUMED_KEY]).toBe(true)
        expect(await h.stock("TSHIRT-NAVY-M")).toBe(8)
        expect((await points.getBalance(customerId)).balance).toBe(1000 - 300 + 52)
        expect((await h.events(headId)).map((e) => e.type)).toEqual(["received", "imported"])
        expect(spy.events.filter((e) => e.name === "smaregi.transaction.imported").map((e) => e.data)).toEqual([
          expect.objectContaining({ id: transactionId, order_id: orderId, transaction_head_id: headId }),
        ])

        const again = await processSmaregiTransactionWorkflow(container).run({ input: { transaction_id: transactionId } })
        expect(again.result).toMatchObject({ action: "skip", status: "imported", order_id: orderId })
        expect((await h.events(headId)).map((e) => [e.type, e.reason_code])).toEqual([
          ["received", "first_delivery"],
          ["imported", null],
          ["skipped", "redelivery"],
        ])
        expect(await h.stock("TSHIRT-NAVY-M")).toBe(8)
        expect((await points.getBalance(customerId)).balance).toBe(1000 - 300 + 52)
      })
    })
  },
})
