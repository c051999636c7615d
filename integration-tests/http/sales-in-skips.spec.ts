import { medusaIntegrationTestRunner } from "../helpers/runner"
import { Modules } from "@medusajs/framework/utils"
import { updateProductVariantsWorkflow } from "@medusajs/medusa/core-flows"
import { buildTransaction, departmentLine } from "../../src/smaregi/__fixtures__/sales"
import {
  nonSalesScenario,
  returnCancelPair,
  returnLinesScenario,
  updateScenario,
} from "../../src/smaregi/__fixtures__/scenarios"
import { registerCustomer } from "../helpers/auth"
import { adminHeaders } from "../helpers/auth"
import { previewSmaregiOrder } from "../../src/workflows/sales/preview-order"
import type { ConnectionSettingsInput } from "../../src/smaregi/settings"
import { TRANSPORTS, salesHarness, transportOption, usePlatformFake } from "./sales-in.helpers"

jest.setTimeout(180_000)

const line = (productCode: string, extra: Record<string, unknown> = {}) => ({
  productCode,
  color: "Navy",
  size: "M",
  price: 5500,
  quantity: 1,
  ...extra,
})

medusaIntegrationTestRunner({
  seedDemoStore: true,
  testSuite: ({ api, getContainer }) => {
    const platformFake = usePlatformFake()

    describe.each(TRANSPORTS)("Sales IN over %s: dispose, return-cancel and return lines (IN-4, IN-8)", (transport) => {
      const harness = (settings?: ConnectionSettingsInput) => salesHarness(getContainer(), api, settings, transportOption(transport, platformFake))

      it("skips dispose / return-cancel records, return lines, non-sales heads and out-of-target sales with reason codes", async () => {
        const h = await harness({ importTarget: { memberOnly: false, storeIds: ["1"] } })
        const base = buildTransaction({ id: "5001", lines: [line("TSHIRT-NAVY-M")] })
        const [original, dispose] = returnCancelPair(buildTransaction({ id: "5010", lines: [line("TSHIRT-NAVY-M")] }), { disposeId: "5011" })
        const pushed = [
          base,
          original,
          dispose,
          returnLinesScenario({ id: "5020", onlyReturns: true }),
          nonSalesScenario("2", { id: "5030" }),
          nonSalesScenario("6", { id: "5031" }),
          buildTransaction({ id: "5040", storeId: "7", lines: [line("TSHIRT-NAVY-M")] }),
        ]
        const res = await h.push(pushed)
        expect(res.data).toEqual(transport === "v2" ? { result: [{ TransactionHead: 7 }] } : { ok: true, duplicate: false, id: expect.any(String) })
        const expected: Array<[string, string, string | null]> = [
          ["5001", "imported", null],
          ["5010", "skipped", "return_cancel_original"],
          ["5011", "skipped", "dispose_record"],
          ["5020", "skipped", "returns_only"],
          ["5030", "skipped", "non_sales_head"],
          ["5031", "skipped", "non_sales_head"],
          ["5040", "skipped", "out_of_target_store"],
        ]
        for (const [id, status, reason] of expected) {
          const row = await h.settled(id)
          expect([id, row.status, row.reason_code]).toEqual([id, status, reason])
        }
        expect((await h.row("5030"))!.reason).toBe("non-sales head (transactionHeadDivision=2: 入金)")
        expect((await h.row("5040"))!.reason).toBe("store 7 is not in the import target stores (1)")
        expect((await h.events("5011")).at(-1)).toMatchObject({ type: "skipped", reason_code: "dispose_record" })
      })

      it("imports the sale lines of an exchange and nets the returned item", async () => {
        const h = await harness()
        const tx = buildTransaction({
          id: "5101",
          lines: [line("TSHIRT-NAVY-M", { returnLine: true }), line("SHIRT-WHITE-L", { price: 9900, color: "White", size: "L" })],
        })
        await h.push([tx])
        const row = await h.settled("5101")
        const order = await h.order(row.order_id!)
        expect(order.items.map((i: any) => i.variant_sku)).toEqual(["SHIRT-WHITE-L"])
        expect(Number(order.total)).toBe(4400)
        expect(Number(tx.head.total)).toBe(4400)
      })
    })

    // Policies and mappings act on the normalised transaction: the transport is covered above, these run once (v2).
    describe("Sales IN: skips, failures, replay, product-code mapping (IN-8, IN-9, IN-17)", () => {
      it("member sales only: a walk-in sale is skipped as not_member", async () => {
        const h = await salesHarness(getContainer(), api, { importTarget: { memberOnly: true, storeIds: [] } })
        await h.push([buildTransaction({ id: "5201", lines: [line("TSHIRT-NAVY-M")] })])
        expect(await h.settled("5201")).toMatchObject({ status: "skipped", reason_code: "not_member" })
      })

      it("import switched off: the head is stored and skipped", async () => {
        const h = await salesHarness(getContainer(), api, { importEnabled: false })
        await h.push([buildTransaction({ id: "5251", lines: [line("TSHIRT-NAVY-M")] })])
        expect(await h.settled("5251")).toMatchObject({ status: "skipped", reason_code: "import_disabled", order_id: null })
      })

      it("a pending link is not a link: its member's sale is not attached to the customer until the link is approved", async () => {
        const container = getContainer()
        const h = await salesHarness(container, api, { nonMemberPolicy: "skip" })
        const { customer } = await registerCustomer(api, h.store.publishableKey, { email: "proposed@example.jp", first_name: "Ren", last_name: "Ito" })
        await h.smaregi.createSmaregiMembers({
          connection_id: h.connectionId,
          customer_id: customer.id,
          smaregi_customer_id: "903",
          customer_code: "M000000903",
          linked_existing: true,
          status: "link_pending",
        })
        await h.push([buildTransaction({ id: "5321", customerId: "903", customerCode: "M000000903", lines: [line("TSHIRT-NAVY-M")] })])
        expect(await h.settled("5321")).toMatchObject({ status: "failed", reason_code: "unknown_member", order_id: null })

        const [proposal] = await h.smaregi.listSmaregiMembers({ customer_id: customer.id })
        await h.smaregi.updateSmaregiMembers({ id: proposal.id, status: "pending" })
        await api.post(`/admin/smaregi/transactions/replay-failed`, {}, await adminHeaders(container))
        const row = await h.settled("5321", { events: 2 })
        expect(row.status).toBe("imported")
        expect((await h.order(row.order_id!)).customer_id).toBe(customer.id)
      })

      it("members required (policy skip): an unknown member fails as unknown_member, mails, and imports into the member's order after linking and Replay all failed", async () => {
        const container = getContainer()
        const h = await salesHarness(container, api, { nonMemberPolicy: "skip", errorMail: { enabled: true, to: ["ops@example.jp"] } })
        const tx = buildTransaction({ id: "5301", customerId: "901", customerCode: "M000000901", lines: [line("TSHIRT-NAVY-M")] })
        await h.push([tx])
        const failed = await h.settled("5301")
        expect(failed).toMatchObject({ status: "failed", reason_code: "unknown_member", order_id: null })
        expect(failed.reason).toBe("member customerCode M000000901 / customerId 901 is not linked to a store customer on this connection")
        const notifications = await container.resolve(Modules.NOTIFICATION).listNotifications({})
        expect(notifications.map((n) => [n.to, n.template])).toEqual([["ops@example.jp", "smaregi-transaction-failed"]])
        expect(notifications[0].data).toMatchObject({ transaction_head_id: "5301", reason_code: "unknown_member", reason: failed.reason })
        const [preview] = (await previewSmaregiOrder(container, h.connectionId, { transactions: [tx] })).transactions
        expect(preview).toMatchObject({ outcome: "fail", errors: [failed.reason], order: null })

        const { customer } = await registerCustomer(api, h.store.publishableKey, { email: "late@example.jp", first_name: "Aki", last_name: "Mori" })
        await h.createMember(customer.id, "901", "M000000901")
        const replay = await api.post(`/admin/smaregi/transactions/replay-failed`, {}, await adminHeaders(container))
        expect(replay.status).toBe(200)
        expect(replay.data).toMatchObject({ replayed: 1, remaining: 0, results: [{ transaction_head_id: "5301", status: "imported" }] })
        const row = await h.settled("5301", { events: 2 })
        expect(row.status).toBe("imported")
        expect((await h.order(row.order_id!)).customer_id).toBe(customer.id)
        expect((await h.events("5301")).map((e) => [e.type, e.reason_code])).toEqual([
          ["received", "first_delivery"],
          ["failed", "unknown_member"],
          ["replayed", null],
          ["imported", null],
        ])
      })

      it("members required (policy skip): a sale without any member code is skipped as not_member, without mail", async () => {
        const container = getContainer()
        const h = await salesHarness(container, api, { nonMemberPolicy: "skip", errorMail: { enabled: true, to: ["ops@example.jp"] } })
        await h.push([
          buildTransaction({ id: "5311", lines: [line("TSHIRT-NAVY-M")] }),
          // Smaregi writes "0" for an empty id column.
          buildTransaction({ id: "5312", customerId: "0", customerCode: "", lines: [line("TSHIRT-NAVY-M")] }),
        ])
        for (const id of ["5311", "5312"]) {
          const row = await h.settled(id)
          expect([id, row.status, row.reason_code, row.order_id]).toEqual([id, "skipped", "not_member", null])
          expect(row.reason).toBe(
            "not a member sale (no customerId or customerCode) and sales without a member are skipped (nonMemberPolicy skip)"
          )
        }
        expect(await container.resolve(Modules.NOTIFICATION).listNotifications({})).toEqual([])
      })

      it("an unknown member with the guest policy: a guest order without customer", async () => {
        const h = await salesHarness(getContainer(), api, { nonMemberPolicy: "guest" })
        await h.push([buildTransaction({ id: "5351", customerId: "902", customerCode: "M000000902", lines: [line("TSHIRT-NAVY-M")] })])
        const row = await h.settled("5351")
        expect(row.status).toBe("imported")
        const order = await h.order(row.order_id!)
        expect(order.customer_id).toBeNull()
        expect(order.metadata.smaregi_customer_code).toBe("M000000902")
      })

      it("an unknown product code fails naming the code, mails once, and imports after the mapping is fixed and replayed", async () => {
        const container = getContainer()
        const h = await salesHarness(container, api, { errorMail: { enabled: true, to: ["ops@example.jp", "owner@example.jp"] } })
        const tx = buildTransaction({ id: "5401", lines: [line("4901234567894", { productName: "ネイビーTシャツ M" })] })
        await h.push([tx])
        const failed = await h.settled("5401")
        expect(failed.status).toBe("failed")
        expect(failed.reason_code).toBe("create_failed")
        expect(failed.reason).toBe(
          'unknown product code "4901234567894": no variant has SKU "4901234567894" (product-code mapping: variant SKU)'
        )
        expect(failed.order_id).toBeNull()

        // The same failure delivered again is recorded but not mailed again.
        await h.push([tx])
        await h.settled("5401", { events: 2 })
        const notifications = await container.resolve(Modules.NOTIFICATION).listNotifications({})
        expect(notifications.map((n) => [n.to, n.template, n.channel]).sort()).toEqual([
          ["ops@example.jp", "smaregi-transaction-failed", "email"],
          ["owner@example.jp", "smaregi-transaction-failed", "email"],
        ])
        expect(notifications[0].data).toMatchObject({
          transaction_head_id: "5401",
          store_id: "1",
          reason: failed.reason,
          admin_link: `http://localhost:9000/app/smaregi/transactions?id=${failed.id}`,
        })

        await updateProductVariantsWorkflow(container).run({
          input: { selector: { id: h.store.variants["TSHIRT-NAVY-M"] }, update: { barcode: "4901234567894" } },
        })
        await h.updateSettings({ productCodeMatch: { attribute: "barcode", metadataKey: null } })
        const replay = await api.post(`/admin/smaregi/transactions/${failed.id}/replay`, {}, await adminHeaders(container))
        expect(replay.status).toBe(200)
        const row = await h.settled("5401", { events: 3 })
        expect(row.status).toBe("imported")
        const order = await h.order(row.order_id!)
        expect(order.items[0].variant_id).toBe(h.store.variants["TSHIRT-NAVY-M"])
        expect(order.items[0].title).toBe("ネイビーTシャツ M")
        expect((await h.events("5401")).map((e) => e.type)).toEqual(["received", "failed", "received", "failed", "replayed", "imported"])
      })

      it("matches a product code to a product and picks the variant by colour and size (NFKC, trimmed)", async () => {
        const h = await salesHarness(getContainer(), api, {
          productCodeMatch: { attribute: "product_metadata", metadataKey: "smaregi_product_code" },
          variationMapping: { color: "Color", size: "Size" },
          lineNameSource: "medusa",
        })
        await h.push([
          buildTransaction({
            id: "5501",
            lines: [
              { productCode: "TSHIRT", color: " Ｗｈｉｔｅ", size: "Ｌ ", price: 5500, quantity: 1 },
              { productCode: "SHIRT", color: "Navy", size: "S", price: 9900, quantity: 2 },
            ],
          }),
        ])
        const row = await h.settled("5501")
        expect(row.status).toBe("imported")
        const order = await h.order(row.order_id!)
        // Items come back from Query in no particular order.
        expect(order.items.map((i: any) => [i.variant_sku, i.title]).sort()).toEqual([
          ["SHIRT-NAVY-S", "Linen shirt"],
          ["TSHIRT-WHITE-L", "Organic cotton T-shirt"],
        ])
      })

      it("a department sale (部門売り) becomes a custom line without variant or stock; the order totals Smaregi's total; an update leaves it alone", async () => {
        const container = getContainer()
        const h = await salesHarness(container, api, { inventoryEnabled: true })
        const tx = buildTransaction({
          id: "5601",
          lines: [
            line("TSHIRT-NAVY-M", { quantity: 2 }),
            departmentLine({ categoryId: "12", categoryName: "ギフト雑貨", productName: null, price: 1100, quantity: 3 }),
          ],
          subtotalDiscount: 700,
        })
        expect(tx.details.map((d) => [d.transactionDetailDivision, d.productCode])).toEqual([["1", "TSHIRT-NAVY-M"], ["3", null]])

        const [preview] = (await previewSmaregiOrder(container, h.connectionId, { transactions: [tx] })).transactions
        expect(preview).toMatchObject({ outcome: "create_order", errors: [], amounts: { total: 13600, residual: 0 } })
        expect(preview.lines.map((l) => [l.kind, l.variant_id, l.category_name])).toEqual([
          ["product", h.store.variants["TSHIRT-NAVY-M"], "トップス"],
          ["department", null, "ギフト雑貨"],
        ])
        expect(preview.stock.map((m) => [m.sku, m.quantity])).toEqual([["TSHIRT-NAVY-M", 2]])

        await h.push([tx])
        const row = await h.settled("5601")
        expect([row.status, row.reason]).toEqual(["imported", row.reason])
        const order = await h.order(row.order_id!)
        expect(order.items).toHaveLength(2)
        const custom = order.items.find((i: any) => !i.variant_id)
        expect(custom).toMatchObject({ title: "ギフト雑貨", variant_id: null, variant_sku: null })
        expect([Number(custom.quantity), Number(custom.unit_price), custom.is_tax_inclusive]).toEqual([3, 1100, true])
        expect(custom.tax_lines.map((t: any) => Number(t.rate))).toEqual([10])
        expect(order.items.find((i: any) => i.variant_id).variant_sku).toBe("TSHIRT-NAVY-M")
        expect(Number(order.total)).toBe(Number(tx.head.total))
        expect(Number(order.total)).toBe(13600)
        // Only the product line takes stock.
        expect(await h.stock("TSHIRT-NAVY-M")).toBe(8)

        await h.push([updateScenario(tx, { memo: "ギフト包装あり" })])
        const updated = await h.settled("5601", { events: 2 })
        expect([updated.status, updated.reason_code]).toEqual(["updated", null])
      })

      it("a line of an unknown detail division fails naming the division and the detail id", async () => {
        const h = await salesHarness(getContainer(), api)
        const tx = buildTransaction({ id: "5651", lines: [line("TSHIRT-NAVY-M"), line("TSHIRT-WHITE-L", { color: "White", size: "L" })] })
        tx.details[1].transactionDetailDivision = "9"
        await h.push([tx])
        const row = await h.settled("5651")
        expect(row).toMatchObject({ status: "failed", reason_code: "create_failed", order_id: null })
        expect(row.reason).toBe('TransactionDetail 2 has an unknown transactionDetailDivision "9" (known: 1 通常, 2 返品, 3 部門売り)')
      })

      it("a product code that names a product without a matching variant fails with the values", async () => {
        const h = await salesHarness(getContainer(), api, { productCodeMatch: { attribute: "product_handle", metadataKey: null } })
        await h.push([buildTransaction({ id: "5551", lines: [{ productCode: "organic-tshirt", color: "Red", size: "M", price: 5500, quantity: 1 }] })])
        const row = await h.settled("5551")
        expect(row.status).toBe("failed")
        expect(row.reason).toBe('product code "organic-tshirt" (product "Organic cotton T-shirt") has no variant with Color="Red", Size="M"')
      })
    })
  },
})
