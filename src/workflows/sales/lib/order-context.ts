import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import type { ConnectionSettings } from "../../../smaregi/settings"

export type OrderContext = {
  regionId: string
  salesChannelId: string
  /** where the sale's stock moves: the store-id mapping, else the sales channel's first location (null when not asked for) */
  locationId: string | null
}

/** Region, sales channel and stock location for a sale of `storeId`, from the settings with sensible defaults. */
export async function resolveOrderContext(
  container: MedusaContainer,
  settings: Pick<ConnectionSettings, "regionId" | "salesChannelId" | "currencyCode" | "storeLocations">,
  storeId: string | null,
  { needsLocation = true }: { needsLocation?: boolean } = {}
): Promise<OrderContext> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)

  let regionId = settings.regionId
  if (!regionId) {
    const { data } = await query.graph({ entity: "region", fields: ["id", "currency_code"] })
    const regions = data as Array<{ id: string; currency_code: string }>
    regionId = (regions.find((r) => r.currency_code === settings.currencyCode) ?? regions[0])?.id ?? null
  }
  if (!regionId) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "no region exists for Smaregi orders (set the connection's region)")
  }

  let salesChannelId = settings.salesChannelId
  if (!salesChannelId) {
    const [store] = await container.resolve(Modules.STORE).listStores({}, { select: ["id", "default_sales_channel_id"] })
    salesChannelId = store?.default_sales_channel_id ?? null
  }
  if (!salesChannelId) {
    const { data } = await query.graph({ entity: "sales_channel", fields: ["id"], pagination: { take: 1 } })
    salesChannelId = (data as Array<{ id: string }>)[0]?.id ?? null
  }
  if (!salesChannelId) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "no sales channel exists for Smaregi orders (set the connection's sales channel)")
  }

  const mapped = storeId ? settings.storeLocations[storeId.trim()] : undefined
  let locationId: string | null = mapped ?? null
  if (!locationId && needsLocation) {
    const { data } = await query.graph({
      entity: "sales_channel",
      fields: ["id", "stock_locations.id"],
      filters: { id: salesChannelId },
    })
    const channel = (data as Array<{ stock_locations?: Array<{ id: string }> | null }>)[0]
    locationId = channel?.stock_locations?.[0]?.id ?? null
  }
  return { regionId, salesChannelId, locationId }
}
