import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createInventoryLevelsWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createStockLocationsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
} from "@medusajs/medusa/core-flows"

export type DemoStore = {
  regionId: string
  salesChannelId: string
  webSalesChannelId: string
  stockLocationId: string
  publishableKey: string
  /** SKU → variant id */
  variants: Record<string, string>
  /** SKU → inventory item id */
  inventoryItems: Record<string, string>
}

export const DEMO_COLORS = [
  { name: "Navy", code: "NAVY" },
  { name: "White", code: "WHITE" },
]
export const DEMO_SIZES = ["S", "M", "L"]
export const DEMO_STOCK_PER_VARIANT = 10

/** Region Japan/JPY, a POS sales channel, a stock location and colour × size products. Idempotent. */
export async function seedDemoStore(container: MedusaContainer): Promise<DemoStore> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const existing = await findDemoStore(container)
  if (existing) return existing

  const { result: regions } = await createRegionsWorkflow(container).run({
    input: { regions: [{ name: "Japan", currency_code: "jpy", countries: ["jp"], payment_providers: ["pp_store-payment_smaregi", "pp_system_default"] }] },
  })
  const { result: channels } = await createSalesChannelsWorkflow(container).run({
    input: {
      salesChannelsData: [
        { name: "Smaregi POS", description: "Sales rung up at Smaregi registers" },
        { name: "Web store", description: "Online shop" },
      ],
    },
  })
  const [pos, web] = channels
  const { result: locations } = await createStockLocationsWorkflow(container).run({
    input: { locations: [{ name: "Shibuya store", address: { address_1: "1-1 Jinnan", city: "Shibuya-ku", country_code: "jp" } }] },
  })
  const location = locations[0]
  await linkSalesChannelsToStockLocationWorkflow(container).run({
    input: { id: location.id, add: [pos.id, web.id] },
  })
  const { result: keys } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "Storefront", type: "publishable", created_by: "seed" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: keys[0].id, add: [web.id, pos.id] } })

  const products = [
    { title: "Organic cotton T-shirt", handle: "organic-tshirt", code: "TSHIRT", price: 5500 },
    { title: "Linen shirt", handle: "linen-shirt", code: "SHIRT", price: 9900 },
  ]
  await createProductsWorkflow(container).run({
    input: {
      products: products.map((p) => ({
        title: p.title,
        handle: p.handle,
        status: "published" as const,
        sales_channels: [{ id: pos.id }, { id: web.id }],
        metadata: { smaregi_product_code: p.code },
        options: [
          { title: "Color", values: DEMO_COLORS.map((c) => c.name) },
          { title: "Size", values: DEMO_SIZES },
        ],
        variants: DEMO_COLORS.flatMap((c) =>
          DEMO_SIZES.map((s) => ({
            title: `${c.name} / ${s}`,
            sku: `${p.code}-${c.code}-${s}`,
            barcode: `49${String(products.indexOf(p) + 1).padStart(2, "0")}${c.code.length}${s.charCodeAt(0)}`.padEnd(12, "0"),
            manage_inventory: true,
            options: { Color: c.name, Size: s },
            prices: [{ amount: p.price, currency_code: "jpy" }],
          }))
        ),
      })),
    },
  })
  const { data: variants } = await query.graph({
    entity: "product_variant",
    fields: ["id", "sku", "inventory_items.inventory_item_id"],
    filters: { sku: products.flatMap((p) => DEMO_COLORS.flatMap((c) => DEMO_SIZES.map((s) => `${p.code}-${c.code}-${s}`))) },
  })
  await createInventoryLevelsWorkflow(container).run({
    input: {
      inventory_levels: variants.map((v: any) => ({
        inventory_item_id: v.inventory_items[0].inventory_item_id,
        location_id: location.id,
        stocked_quantity: DEMO_STOCK_PER_VARIANT,
      })),
    },
  })
  const store = await findDemoStore(container)
  if (!store) throw new Error("demo store seed did not persist")
  return store
}

export async function findDemoStore(container: MedusaContainer): Promise<DemoStore | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: regions } = await query.graph({ entity: "region", fields: ["id"], filters: { name: "Japan" } })
  const { data: channels } = await query.graph({ entity: "sales_channel", fields: ["id", "name"], filters: { name: ["Smaregi POS", "Web store"] } })
  const { data: locations } = await query.graph({ entity: "stock_location", fields: ["id"], filters: { name: "Shibuya store" } })
  const apiKeys = await container.resolve(Modules.API_KEY).listApiKeys({ title: "Storefront", type: "publishable" })
  const pos = channels.find((c: any) => c.name === "Smaregi POS")
  const web = channels.find((c: any) => c.name === "Web store")
  if (!regions[0] || !pos || !web || !locations[0] || !apiKeys[0]) return null
  const { data: variants } = await query.graph({
    entity: "product_variant",
    fields: ["id", "sku", "inventory_items.inventory_item_id"],
    filters: { sku: { $like: "%-%-%" } },
  })
  const bySku: Record<string, string> = {}
  const items: Record<string, string> = {}
  for (const v of variants as any[]) {
    if (!v.sku) continue
    bySku[v.sku] = v.id
    if (v.inventory_items?.[0]) items[v.sku] = v.inventory_items[0].inventory_item_id
  }
  return {
    regionId: regions[0].id,
    salesChannelId: pos.id,
    webSalesChannelId: web.id,
    stockLocationId: locations[0].id,
    publishableKey: apiKeys[0].token,
    variants: bySku,
    inventoryItems: items,
  }
}
