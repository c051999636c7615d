import { medusaIntegrationTestRunner } from "../helpers/runner"
import { Modules } from "@medusajs/framework/utils"
import { buildTransaction } from "../../src/smaregi/__fixtures__/sales"
import { updateScenario } from "../../src/smaregi/__fixtures__/scenarios"
import { registerCustomer } from "../helpers/auth"
import { previewSmaregiOrder } from "../../src/workflows/sales/preview-order"
import type { ConnectionSettingsInput } from "../../src/smaregi/settings"
import { TRANSPORTS, recordEvents, salesHarness, transportOption, usePlatformFake, waitForEvent } from "./sales-in.helpers"

jest.setTimeout(180_000)

const AT = "2026-05-10 14:03:22"

/** Two colour × size lines, a unit discount, a point discount and a coupon, for member 345. */
function memberSale(id: string, at = AT) {
  return buildTransaction({
    id,
    at,
    customerId: "345",
    customerCode: "M000000345",
    lines: [
      { productCode: "TSHIRT-NAVY-M", color: "Navy", size: "M", price: 5500, quantity: 2 },
      { productCode: "TSHIRT-WHITE-L", color: "White", size: "L", price: 5500, quantity: 1, unitDiscount: 500 },
    ],
    pointDiscount: 300,
    couponDiscount: 1000,
    pointBalance: 1200,
  })
}

medusaIntegrationTestRunner({
  seedDemoStore: true,
  testSuite: ({ api, getContainer }) => {
    const platformFake = usePlatformFake()

    describe.each(TRANSPORTS)("Sales IN over %s: register sales become paid orders (IN-5, IN-7, IN-11, IN-12)", (transport) => {
      const harness = (settings?: ConnectionSettingsInput) => salesHarness(getContainer(), api, settings, transportOption(transport, platformFake))
      it("imports a member sale as one paid order with the member, the variants, Smaregi's total, the sale time and the POS ids", async () => {
        const container = getContainer()
        const h = await harness()
        const { customer } = await registerCustomer(api, h.store.publishableKey, {
          email: "hanako@example.jp",
          first_name: "Hanako",
          last_name: "Yamada",
        })
        await h.createMember(customer.id, "345", "M000000345")
        const spy = recordEvents(container)

        const tx = memberSale("2001")
        const res = await h.push([tx])
        expect(res.status).toBe(200)
        expect(res.data).toEqual(transport === "v2" ? { result: [{ TransactionHead: 1 }] } : { ok: true, duplicate: false, id: expect.any(String) })

        const row = await h.settled("2001")
        expect(row).toMatchObject({ status: "imported", applied_upd_date_time: AT })
        const order = await h.order(row.order_id!)
        await waitForEvent(spy.events, "smaregi.transaction.imported")
        spy.stop()

        expect(order.customer_id).toBe(customer.id)
        expect(order.email).toBe("hanako@example.jp")
        expect(order.sales_channel_id).toBe(h.store.salesChannelId)
        expect(Number(order.total)).toBe(Number(tx.head.total))
        expect(Number(order.total)).toBe(14700)
        // Items come back from Query in no particular order.
        expect(order.items.map((i: any) => [i.variant_sku, i.variant_id, Number(i.quantity), Number(i.unit_price)]).sort()).toEqual([
          ["TSHIRT-NAVY-M", h.store.variants["TSHIRT-NAVY-M"], 2, 5500],
          ["TSHIRT-WHITE-L", h.store.variants["TSHIRT-WHITE-L"], 1, 5500],
        ])
        const adjustments = order.items.flatMap((i: any) => i.adjustments.map((a: any) => [a.description, Number(a.amount)]))
        expect(adjustments).toEqual(
          expect.arrayContaining([
            ["単品値引 (unit discount)", 500],
            ["ポイント値引 (point discount)", expect.any(Number)],
            ["クーポン値引 (coupon discount)", expect.any(Number)],
          ])
        )
        const sumOf = (d: string) =>
          adjustments.filter((a: [string, number]) => a[0] === d).reduce((s: number, a: [string, number]) => s + a[1], 0)
        expect(sumOf("ポイント値引 (point discount)")).toBe(300)
        expect(sumOf("クーポン値引 (coupon discount)")).toBe(1000)

        const [collection] = order.payment_collections
        expect(collection.status).toBe("completed")
        expect(collection.payments.map((p: any) => p.provider_id)).toEqual(["pp_store-payment_smaregi"])
        expect(Number(collection.payments[0].amount)).toBe(14700)

        expect(new Date(order.created_at).toISOString()).toBe("2026-05-10T05:03:20.000Z")
        expect(order.no_notification).toBe(true)
        expect(order.metadata.smaregi_pos).toMatchObject({
          transaction_head_id: "2001",
          store_id: "1",
          terminal_id: "2",
          terminal_tran_id: "88",
          terminal_tran_date_time: "2026-05-10 14:03:20",
          staff_id: "5",
          staff_name: "山田 太郎",
          total: 14700,
        })
        expect(order.metadata).toMatchObject({
          smaregi_transaction_head_id: "2001",
          smaregi_store_id: "1",
          smaregi_terminal_id: "2",
          smaregi_terminal_tran_id: "88",
          smaregi_sale_date_time: "2026-05-10 14:03:20",
          smaregi_total: "14700",
        })

        const names = spy.events.map((e) => e.name)
        expect(names).not.toContain("order.placed")
        expect(names).toContain("smaregi.transaction.imported")
        const notifications = await container.resolve(Modules.NOTIFICATION).listNotifications({})
        expect(notifications).toEqual([])
        expect((await h.events("2001")).map((e) => e.type)).toEqual(["received", "imported"])
      })

      it("turns 20 concurrent identical pushes into exactly one order", async () => {
        const h = await harness()
        const tx = buildTransaction({ id: "2100", lines: [{ productCode: "TSHIRT-NAVY-S", color: "Navy", size: "S", price: 5500, quantity: 1 }] })
        const answers = await Promise.all(Array.from({ length: 20 }, () => h.push([tx])))
        expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200))
        const row = await h.settled("2100", { events: 20, timeoutMs: 90_000 })
        expect(row.status).toBe("imported")
        const { data: orders } = await getContainer()
          .resolve("query")
          .graph({ entity: "order", fields: ["id", "metadata"], filters: {} })
        expect(orders.filter((o: any) => o.metadata?.smaregi_transaction_head_id === "2100")).toHaveLength(1)
        const events = await h.events("2100")
        expect(events.filter((e) => e.type === "received")).toHaveLength(20)
        expect(events.filter((e) => e.type === "imported")).toHaveLength(1)
        expect(events.filter((e) => e.type === "skipped").map((e) => e.reason_code)).toEqual(Array(19).fill("redelivery"))
      })

      it("creates the order from the newer data when an update arrives before its create", async () => {
        const h = await harness()
        const original = buildTransaction({ id: "2200", lines: [{ productCode: "TSHIRT-NAVY-M", color: "Navy", size: "M", price: 5500, quantity: 1 }] })
        const newer = updateScenario(original, { minutes: 5, memo: "newer memo" })
        await h.push([newer])
        const first = await h.settled("2200")
        expect(first.status).toBe("imported")
        await h.push([original])
        await h.settled("2200", { events: 2 })
        const order = await h.order(first.order_id!)
        expect(order.metadata.smaregi_memo).toBe("newer memo")
        const events = await h.events("2200")
        expect(events.map((e) => [e.type, e.reason_code])).toEqual([
          ["received", "first_delivery"],
          ["imported", null],
          ["received", "older_data"],
          ["skipped", "stale"],
        ])
      })
    })

    // The dry run takes transactions directly: no transport is involved.
    describe("Sales IN: preview", () => {
      it("previews the order a push would create without writing anything (dry run)", async () => {
        const container = getContainer()
        const h = await salesHarness(container, api, { inventoryEnabled: true })
        const good = memberSale("2301")
        const unknown = buildTransaction({ id: "2302", lines: [{ productCode: "NOPE-1", price: 100, quantity: 1 }] })
        const preview = await previewSmaregiOrder(container, h.connectionId, { transactions: [good, unknown] })
        const [first, second] = preview.transactions
        expect(first).toMatchObject({
          transaction_head_id: "2301",
          existing: null,
          classification: { action: "create", reason_code: null },
          outcome: "create_order",
          customer: { kind: "guest", reason: "member_not_found" },
          amounts: { total: 14700, residual: 0 },
          points: { spend: 300, earn: 147, would_move: false },
          errors: [],
        })
        expect(first.lines.map((l) => [l.product_code, l.variant_id])).toEqual([
          ["TSHIRT-NAVY-M", h.store.variants["TSHIRT-NAVY-M"]],
          ["TSHIRT-WHITE-L", h.store.variants["TSHIRT-WHITE-L"]],
        ])
        expect(first.order).toMatchObject({
          region_id: h.store.regionId,
          sales_channel_id: h.store.salesChannelId,
          no_notification: true,
          created_at: "2026-05-10T05:03:20.000Z",
        })
        expect(first.stock.map((m) => [m.sku, m.location_id, m.quantity])).toEqual([
          ["TSHIRT-NAVY-M", h.store.stockLocationId, 2],
          ["TSHIRT-WHITE-L", h.store.stockLocationId, 1],
        ])
        expect(second).toMatchObject({
          outcome: "fail",
          errors: ['unknown product code "NOPE-1": no variant has SKU "NOPE-1" (product-code mapping: variant SKU)'],
          order: null,
        })
        expect(await h.row("2301")).toBeNull()
        expect(await h.stock("TSHIRT-NAVY-M")).toBe(10)
        const { data: orders } = await container.resolve("query").graph({ entity: "order", fields: ["id"] })
        expect(orders).toEqual([])
      })
    })
  },
})
