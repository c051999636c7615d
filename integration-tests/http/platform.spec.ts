import { medusaIntegrationTestRunner } from "../helpers/runner"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createOrderPaymentCollectionWorkflow, createOrderWorkflow, markPaymentCollectionAsPaid } from "@medusajs/medusa/core-flows"
import { SMAREGI_MODULE } from "../../src/modules/smaregi"
import type SmaregiModuleService from "../../src/modules/smaregi/service"
import { seedDemoStore } from "../../dev/seed/demo-store"

jest.setTimeout(120_000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("the plugin inside a Medusa store", () => {
      it("answers /health", async () => {
        const res = await api.get("/health")
        expect(res.status).toBe(200)
      })

      it("keeps connection secrets encrypted and never exposes them", async () => {
        const smaregi: SmaregiModuleService = getContainer().resolve(SMAREGI_MODULE)
        const conn = await smaregi.createConnection({
          name: "Shibuya",
          agreementSecret: "agreement-123456",
          accessToken: "token-abcdef",
          settings: { contractId: "C1", allowedSources: ["127.0.0.1"] },
        })
        expect(conn).toMatchObject({ agreement_secret_set: true, access_token_set: true })
        expect(JSON.stringify(conn)).not.toContain("token-abcdef")
        expect(JSON.stringify(conn)).not.toContain("agreement-123456")
        const [row] = await smaregi.listSmaregiConnections({ id: conn.id })
        expect(row.access_token_encrypted).toMatch(/^v2:[0-9a-f]{12}:/)
        expect(row.access_token_encrypted).not.toContain("token-abcdef")
        expect(await smaregi.accessTokenMatches(conn.id, "token-abcdef")).toBe(true)
        expect(await smaregi.accessTokenMatches(conn.id, "token-abcdeX")).toBe(false)
        expect((await smaregi.findConnectionByAgreementSecret("agreement-123456"))?.id).toBe(conn.id)
        expect(await smaregi.findConnectionByAgreementSecret("agreement-12345X")).toBeNull()
        await expect(smaregi.createConnection({ name: "x", settings: { allowedSources: ["999.1.1.1"] } })).rejects.toThrow(
          /settings.allowedSources.0/
        )
      })

      it("allocates distinct Smaregi customer ids under concurrency", async () => {
        const smaregi: SmaregiModuleService = getContainer().resolve(SMAREGI_MODULE)
        const conn = await smaregi.createConnection({ name: "ids", settings: { customerIdStart: 1000 } })
        const ids = await Promise.all(Array.from({ length: 30 }, () => smaregi.allocateSmaregiCustomerId(conn.id)))
        expect(new Set(ids).size).toBe(30)
        expect(Math.min(...ids)).toBe(1000)
        expect(Math.max(...ids)).toBe(1029)
      })

      it("marks an order paid through the store-payment provider", async () => {
        const container = getContainer()
        const store = await seedDemoStore(container)
        const { result: order } = await createOrderWorkflow(container).run({
          input: {
            region_id: store.regionId,
            sales_channel_id: store.salesChannelId,
            email: "guest@example.com",
            currency_code: "jpy",
            items: [{ title: "T-shirt", quantity: 1, unit_price: 5500, is_tax_inclusive: true }],
          },
        })
        const { result: collections } = await createOrderPaymentCollectionWorkflow(container).run({
          input: { order_id: order.id, amount: 5500 },
        })
        await markPaymentCollectionAsPaid(container).run({
          input: { order_id: order.id, payment_collection_id: collections[0].id, provider_id: "pp_store-payment_smaregi" },
        })
        const query = container.resolve(ContainerRegistrationKeys.QUERY)
        const { data } = await query.graph({
          entity: "order",
          fields: ["id", "payment_collections.status", "payment_collections.payments.provider_id"],
          filters: { id: order.id },
        })
        expect(data[0].payment_collections[0].status).toBe("completed")
        expect(data[0].payment_collections[0].payments[0].provider_id).toBe("pp_store-payment_smaregi")
        expect(Object.keys(store.variants)).toContain("TSHIRT-NAVY-M")
        const inventory = container.resolve(Modules.INVENTORY)
        const levels = await inventory.listInventoryLevels({ inventory_item_id: store.inventoryItems["TSHIRT-NAVY-M"] })
        expect(levels[0].stocked_quantity).toBe(10)
      })
    })
  },
})
