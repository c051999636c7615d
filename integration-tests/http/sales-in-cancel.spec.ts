import { medusaIntegrationTestRunner } from "../helpers/runner"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createInventoryLevelsWorkflow, createStockLocationsWorkflow, getOrderDetailWorkflow } from "@medusajs/medusa/core-flows"
import { buildTransaction, departmentLine } from "../../src/smaregi/__fixtures__/sales"
import { cancelScenario, updateScenario } from "../../src/smaregi/__fixtures__/scenarios"
import { POINTS_MODULE } from "../../src/modules/points"
import type PointsModuleService from "../../src/modules/points/service"
import { registerCustomer } from "../helpers/auth"
import type { ConnectionSettingsInput } from "../../src/smaregi/settings"
import { TRANSPORTS, recordEvents, salesHarness, transportOption, usePlatformFake, waitForEvent } from "./sales-in.helpers"

jest.setTimeout(180_000)

const sale = (id: string, opts: { storeId?: string; sku?: string; quantity?: number } = {}) =>
  buildTransaction({
    id,
    storeId: opts.storeId,
    lines: [{ productCode: opts.sku ?? "TSHIRT-NAVY-M", color: "Navy", size: "M", price: 5500, quantity: opts.quantity ?? 2 }],
  })

medusaIntegrationTestRunner({
  seedDemoStore: true,
  testSuite: ({ api, getContainer }) => {
    const platformFake = usePlatformFake()

    describe.each(TRANSPORTS)("Sales IN over %s: updates and cancels (IN-6, IN-13, IN-15, IN-16)", (transport) => {
      const harness = (settings?: ConnectionSettingsInput) => salesHarness(getContainer(), api, settings, transportOption(transport, platformFake))

      it("create_update_cancel: an update changes the updatable fields, a cancel cancels and refunds the order without e-mail", async () => {
        const container = getContainer()
        const h = await harness({ mode: "create_update_cancel" })
        const tx = sale("4001")
        await h.push([tx])
        const imported = await h.settled("4001")

        const edited = updateScenario(tx, { memo: "ギフト包装", head: { staffName: "佐藤 花子", terminalTranId: "99" } })
        await h.push([edited])
        const updated = await h.settled("4001", { events: 2 })
        expect(updated).toMatchObject({ status: "updated", order_id: imported.order_id, applied_upd_date_time: edited.head.updDateTime })
        let order = await h.order(imported.order_id!)
        expect(order.metadata).toMatchObject({
          smaregi_memo: "ギフト包装",
          smaregi_staff_name: "佐藤 花子",
          smaregi_terminal_tran_id: "88",
          smaregi_upd_date_time: edited.head.updDateTime,
        })

        const spy = recordEvents(container)
        const canceled = cancelScenario(edited)
        await h.push([canceled])
        const row = await h.settled("4001", { events: 3 })
        await waitForEvent(spy.events, "smaregi.transaction.canceled")
        spy.stop()
        expect(row).toMatchObject({ status: "canceled", order_id: imported.order_id })
        order = await h.order(imported.order_id!)
        expect(order.status).toBe("canceled")
        expect(order.metadata.smaregi_cancel_date_time).toBe(canceled.head.cancelDateTime)
        const { result: detail } = await getOrderDetailWorkflow(container).run({
          input: { order_id: order.id, fields: ["id", "payment_status", "summary.*"] },
        })
        expect(detail.payment_status).toBe("refunded")
        // cancelOrderWorkflow (2.21.2) emits order.canceled with the id only; the order itself says "no notification".
        expect(spy.events.filter((e) => e.name === "order.canceled").map((e) => e.data)).toEqual([{ id: order.id }])
        expect(order.no_notification).toBe(true)
        expect(spy.events.map((e) => e.name)).toContain("smaregi.transaction.canceled")
        expect(await container.resolve(Modules.NOTIFICATION).listNotifications({})).toEqual([])
        expect((await h.events("4001")).map((e) => e.type)).toEqual(["received", "imported", "received", "updated", "received", "canceled"])
      })

      it("create_only: updates and cancels are recorded as skipped and the order stays as imported", async () => {
        const h = await harness({ mode: "create_only" })
        const tx = sale("4101")
        await h.push([tx])
        const imported = await h.settled("4101")
        const edited = updateScenario(tx, { memo: "変更" })
        await h.push([edited])
        await h.settled("4101", { events: 2 })
        await h.push([cancelScenario(edited)])
        const row = await h.settled("4101", { events: 3 })
        expect(row).toMatchObject({ status: "imported", order_id: imported.order_id, reason_code: "mode_create_only" })
        const order = await h.order(imported.order_id!)
        expect(order.status).not.toBe("canceled")
        expect(order.metadata.smaregi_memo).toBeUndefined()
        expect((await h.events("4101")).filter((e) => e.type === "skipped").map((e) => [e.reason_code, e.message])).toEqual([
          ["mode_create_only", "update ignored: the connection imports new sales only (mode create_only)"],
          ["mode_create_only", "cancel ignored: the connection imports new sales only (mode create_only)"],
        ])
      })

      it("applies a register edit (a quantity changed, a line removed, lines added) as an order edit: total, stock and payment follow", async () => {
        const container = getContainer()
        const h = await harness({ inventoryEnabled: true })
        const navy = { productCode: "TSHIRT-NAVY-M", color: "Navy", size: "M", price: 5500 }
        const tx = buildTransaction({
          id: "4201",
          lines: [{ ...navy, quantity: 2 }, { productCode: "TSHIRT-WHITE-L", color: "White", size: "L", price: 5500, quantity: 1 }],
          subtotalDiscount: 600,
        })
        await h.push([tx])
        const imported = await h.settled("4201")
        expect(Number((await h.order(imported.order_id!)).total)).toBe(15900)
        expect([await h.stock("TSHIRT-NAVY-M"), await h.stock("TSHIRT-WHITE-L")]).toEqual([8, 9])

        // On the register: navy 2 → 3, white removed (detail 2), a linen shirt and a department line added.
        const edited = updateScenario(
          buildTransaction({
            id: "4201",
            lines: [
              { ...navy, quantity: 3 },
              { productCode: "SHIRT-WHITE-L", color: "White", size: "L", price: 8800, quantity: 1 },
              departmentLine({ categoryId: "12", categoryName: "ギフト雑貨", price: 1100, quantity: 2 }),
            ],
            subtotalDiscount: 500,
          }),
          { memo: "数量変更" }
        )
        edited.details[1].transactionDetailId = "3"
        edited.details[2].transactionDetailId = "4"
        await h.push([edited])
        const row = await h.settled("4201", { events: 2 })
        expect([row.status, row.reason_code]).toEqual(["updated", null])
        expect(row.reason).toContain(
          "applied the register's line edit (detail:1 2 × 5500 → 3 × 5500; detail:3 added; detail:4 added; detail:2 removed)"
        )

        const order = await h.order(imported.order_id!)
        expect(Number(order.total)).toBe(Number(edited.head.total))
        expect(Number(order.total)).toBe(27000)
        expect(order.metadata.smaregi_memo).toBe("数量変更")
        expect(order.items.map((i: any) => [i.title, i.variant_sku, Number(i.quantity), Number(i.unit_price)]).sort()).toEqual([
          ["Tシャツ", "TSHIRT-NAVY-M", 3, 5500],
          ["ギフト雑貨", null, 2, 1100],
          ["SHIRT-WHITE-L", "SHIRT-WHITE-L", 1, 8800],
        ].sort())
        const discount = order.items.flatMap((i: any) => i.adjustments).reduce((s: number, a: any) => s + Number(a.amount), 0)
        expect(discount).toBe(500)
        expect(order.items.every((i: any) => i.tax_lines.map((t: any) => Number(t.rate)).join() === "10")).toBe(true)
        expect(order.payment_collections.every((c: any) => c.status === "completed")).toBe(true)
        expect(order.payment_collections.reduce((s: number, c: any) => s + Number(c.amount), 0)).toBe(27000)
        expect([await h.stock("TSHIRT-NAVY-M"), await h.stock("TSHIRT-WHITE-L"), await h.stock("SHIRT-WHITE-L")]).toEqual([7, 10, 9])
        expect(await container.resolve(Modules.INVENTORY).listReservationItems({})).toEqual([])

        // The cancel gives back what the edited sale took.
        await h.push([cancelScenario(edited)])
        expect((await h.settled("4201", { events: 3 })).status).toBe("canceled")
        expect([await h.stock("TSHIRT-NAVY-M"), await h.stock("TSHIRT-WHITE-L"), await h.stock("SHIRT-WHITE-L")]).toEqual([10, 10, 10])
      })

      it("a register edit that lowers the total refunds the difference through the store payment", async () => {
        const container = getContainer()
        const h = await harness()
        const tx = sale("4261", { quantity: 2 })
        await h.push([tx])
        const imported = await h.settled("4261")
        const edited = updateScenario(sale("4261", { quantity: 1 }))
        await h.push([edited])
        const row = await h.settled("4261", { events: 2 })
        expect(row.status).toBe("updated")
        expect(row.reason).toContain("applied the register's line edit (detail:1 2 × 5500 → 1 × 5500)")
        const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
          entity: "order",
          fields: ["total", "summary.pending_difference", "payment_collections.payments.amount", "payment_collections.payments.refunds.amount"],
          filters: { id: imported.order_id },
        })
        const order = data[0] as any
        expect(Number(order.total)).toBe(5500)
        expect(Number(order.summary.pending_difference)).toBe(0)
        const refunds = order.payment_collections.flatMap((c: any) => c.payments.flatMap((p: any) => p.refunds.map((r: any) => Number(r.amount))))
        expect(refunds).toEqual([5500])
      })

      it("a register edit the order cannot follow needs attention naming why; a later update is compared with what was applied", async () => {
        const h = await harness()
        const tx = sale("4251")
        await h.push([tx])
        const imported = await h.settled("4251")
        await h.push([updateScenario(tx, { head: { carriage: "500", total: "11500" } })])
        const row = await h.settled("4251", { events: 2 })
        expect([row.status, row.reason_code]).toEqual(["needs_attention", "lines_changed"])
        expect(row.reason).toBe(
          "the register changed the sale's lines or amounts, which could not be applied to the order: carriage changed (0 → 500), which an order edit does not apply (amounts changed (total 11000 → 11500; carriage 0 → 500))"
        )
        expect(Number((await h.order(imported.order_id!)).total)).toBe(11000)

        await h.push([updateScenario(tx, { minutes: 20, memo: "送料取消" })])
        const back = await h.settled("4251", { events: 3 })
        expect([back.status, back.reason_code]).toEqual(["updated", null])
      })

      it("inventory on: the sale takes stock at the location mapped to its store, the cancel gives it back", async () => {
        const container = getContainer()
        const h = await harness()
        const { result: locations } = await createStockLocationsWorkflow(container).run({
          input: { locations: [{ name: "Harajuku store", address: { address_1: "1-2 Jingumae", country_code: "jp" } }] },
        })
        const harajuku = locations[0].id
        await createInventoryLevelsWorkflow(container).run({
          input: { inventory_levels: [{ inventory_item_id: h.store.inventoryItems["TSHIRT-NAVY-M"], location_id: harajuku, stocked_quantity: 5 }] },
        })
        await h.updateSettings({ inventoryEnabled: true, storeLocations: { "2": harajuku } })

        const tx = sale("4301", { storeId: "2", quantity: 2 })
        await h.push([tx])
        const imported = await h.settled("4301")
        expect(imported.status).toBe("imported")
        expect(await h.stock("TSHIRT-NAVY-M", harajuku)).toBe(3)
        expect(await h.stock("TSHIRT-NAVY-M")).toBe(10)

        await h.push([cancelScenario(tx)])
        expect((await h.settled("4301", { events: 2 })).status).toBe("canceled")
        expect(await h.stock("TSHIRT-NAVY-M", harajuku)).toBe(5)
      })

      it("inventory on without a mapping: the sales channel's location is used", async () => {
        const h = await harness({ inventoryEnabled: true })
        await h.push([sale("4351", { sku: "TSHIRT-WHITE-S", quantity: 3 })])
        expect((await h.settled("4351")).status).toBe("imported")
        expect(await h.stock("TSHIRT-WHITE-S")).toBe(7)
      })

      it("inventory off: an out-of-stock variant still imports and stock is untouched", async () => {
        const container = getContainer()
        const h = await harness({ inventoryEnabled: false })
        const inventory = container.resolve(Modules.INVENTORY)
        const [level] = await inventory.listInventoryLevels({ inventory_item_id: h.store.inventoryItems["SHIRT-WHITE-L"] })
        await inventory.updateInventoryLevels([
          { id: level.id, inventory_item_id: level.inventory_item_id, location_id: level.location_id, stocked_quantity: 0 },
        ])
        await h.push([sale("4401", { sku: "SHIRT-WHITE-L", quantity: 4 })])
        const row = await h.settled("4401")
        expect(row.status).toBe("imported")
        const order = await h.order(row.order_id!)
        expect(order.items[0].variant_id).toBe(h.store.variants["SHIRT-WHITE-L"])
        expect(await h.stock("SHIRT-WHITE-L")).toBe(0)
      })

      it("points on: the member's balance moves by −spendPoint +newPoint once, an update moves the difference, a cancel reverses it", async () => {
        const container = getContainer()
        const h = await harness({ pointsOnCreate: true, pointsOnUpdate: true })
        const { customer } = await registerCustomer(api, h.store.publishableKey, { email: "points@example.jp", first_name: "Ken", last_name: "Sato" })
        await h.createMember(customer.id, "777", "M000000777")
        const points = container.resolve<PointsModuleService>(POINTS_MODULE)
        await points.adjustPoints({ customer_id: customer.id, amount: 1000, reason: "opening balance", actor: "test" })

        const tx = buildTransaction({
          id: "4501",
          customerId: "777",
          customerCode: "M000000777",
          lines: [{ productCode: "TSHIRT-NAVY-L", color: "Navy", size: "L", price: 5500, quantity: 1 }],
          pointDiscount: 300,
          newPoint: 52,
        })
        await h.push([tx])
        await h.push([tx])
        await h.settled("4501", { events: 2 })
        expect((await points.getBalance(customer.id)).balance).toBe(1000 - 300 + 52)

        const edited = updateScenario(tx, { head: { newPoint: "60" } })
        await h.push([edited])
        expect((await h.settled("4501", { events: 3 })).status).toBe("updated")
        expect((await points.getBalance(customer.id)).balance).toBe(1000 - 300 + 60)

        await h.push([cancelScenario(edited)])
        expect((await h.settled("4501", { events: 4 })).status).toBe("canceled")
        expect((await points.getBalance(customer.id)).balance).toBe(1000)
        const query = container.resolve(ContainerRegistrationKeys.QUERY)
        const { data } = await query.graph({ entity: "order", fields: ["id", "customer_id"], filters: { customer_id: customer.id } })
        expect(data).toHaveLength(1)
      })
    })
  },
})
