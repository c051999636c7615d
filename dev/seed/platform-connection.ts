import type { MedusaContainer } from "@medusajs/framework/types"
import { SMAREGI_MODULE } from "../../src/modules/smaregi"
import type SmaregiModuleService from "../../src/modules/smaregi/service"
import type { DemoStore } from "./demo-store"

// `SMAREGI_API=platform npm run dev:store` (or `both`, beside the v2 one): the demo connection speaks the Platform
// API, by default to the fake Platform API that dev/store.mjs starts (dev/fake-smaregi-platform).

export const DEMO_PLATFORM_CONNECTION_NAME = "Demo (fake Smaregi Platform API)"

export type DevPlatformConfig = {
  idUrl: string
  apiUrl: string
  contractId: string
  clientId: string
  clientSecret: string
  webhookSecret: string
}

export function devPlatformConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DevPlatformConfig {
  const fake = `http://127.0.0.1:${env.FAKE_SMAREGI_PLATFORM_PORT || "9124"}`
  const apiUrl = env.SMAREGI_PLATFORM_API_URL || fake
  return {
    idUrl: env.SMAREGI_PLATFORM_ID_URL || apiUrl,
    apiUrl,
    contractId: env.SMAREGI_PLATFORM_CONTRACT_ID || env.SMAREGI_CONTRACT_ID || "sb_dev",
    clientId: env.SMAREGI_CLIENT_ID || "dev-client",
    clientSecret: env.SMAREGI_CLIENT_SECRET || "dev-secret",
    webhookSecret: env.SMAREGI_WEBHOOK_SECRET || "dev-webhook-secret-0001",
  }
}

/** The demo Platform connection; on a rerun its environment-derived values (URLs, ids, secrets) are written again. */
export async function ensurePlatformDemoConnection(
  container: MedusaContainer,
  store: DemoStore,
  config: DevPlatformConfig
): Promise<{ id: string; outcome: "created" | "existing" | `updated (${string})` }> {
  const smaregi: SmaregiModuleService = container.resolve(SMAREGI_MODULE)
  const platform = { clientId: config.clientId, idUrl: config.idUrl, apiUrl: config.apiUrl, environment: "sandbox" as const }
  const secrets = { api: "platform" as const, clientSecret: config.clientSecret, webhookSecret: config.webhookSecret }
  const [existing] = await smaregi.listSmaregiConnections({ name: DEMO_PLATFORM_CONNECTION_NAME })
  if (!existing) {
    const created = await smaregi.createConnection({
      name: DEMO_PLATFORM_CONNECTION_NAME,
      ...secrets,
      settings: {
        contractId: config.contractId,
        platform,
        mode: "create_update_cancel",
        productCodeMatch: { attribute: "sku", metadataKey: null },
        salesChannelId: store.salesChannelId,
        regionId: store.regionId,
        storeLocations: { "1": store.stockLocationId },
        memberSyncEnabled: true,
      },
    })
    return { id: created.id, outcome: "created" }
  }
  const current = await smaregi.getPublicConnection(existing.id)
  const changed = [
    current.settings.contractId !== config.contractId && "contractId",
    current.settings.platform.clientId !== config.clientId && "clientId",
    current.settings.platform.idUrl !== config.idUrl && "idUrl",
    current.settings.platform.apiUrl !== config.apiUrl && "apiUrl",
  ].filter((f): f is string => !!f)
  await smaregi.updateConnection(current.id, { ...secrets, settings: { contractId: config.contractId, platform } })
  return { id: current.id, outcome: changed.length ? `updated (${changed.join(", ")})` : "existing" }
}
