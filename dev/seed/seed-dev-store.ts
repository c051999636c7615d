import type { ExecArgs, IAuthModuleService, IUserModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, FeatureFlag, Modules } from "@medusajs/framework/utils"
import { createUsersWorkflow } from "@medusajs/medusa/core-flows"
import { SMAREGI_MODULE } from "../../src/modules/smaregi"
import type SmaregiModuleService from "../../src/modules/smaregi/service"
import type { ConnectionInput, PublicConnection } from "../../src/modules/smaregi/types"
import { seedDemoStore, type DemoStore } from "./demo-store"
import { devPlatformConfigFromEnv, ensurePlatformDemoConnection } from "./platform-connection"

// `npx medusa exec ./dev/seed/seed-dev-store.ts` (run by `npm run dev:store`): the demo store, an admin
// user and the demo Smaregi connection. Idempotent; prints one `DEV_STORE_SEED {json}` line for dev/store.mjs.

export const DEMO_CONNECTION_NAME = "Demo (fake Smaregi)"
export const SEED_RESULT_MARKER = "DEV_STORE_SEED"

export type DevSeedConfig = {
  adminEmail: string
  adminPassword: string
  agreementSecret: string
  apiUrl: string
  contractId: string
  accessToken: string
}

export type DevSeedResult = {
  publishableKey: string
  regionId: string
  salesChannelId: string
  stockLocationId: string
  connectionId: string
  demoStore: "created" | "existing"
  admin: "created" | "existing" | "password reset"
  connection: ConnectionOutcome
  /** With SMAREGI_API=both: the Platform demo connection beside the v2 one (`connectionId`). */
  platformConnectionId?: string
  platformConnection?: ConnectionOutcome
}

type ConnectionOutcome = "created" | "existing" | `updated (${string})`

export function devSeedConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DevSeedConfig {
  const fakePort = env.FAKE_SMAREGI_PORT || "9123"
  return {
    adminEmail: env.ADMIN_EMAIL || "admin@example.com",
    adminPassword: env.ADMIN_PASSWORD || "supersecret",
    agreementSecret: env.SMAREGI_AGREEMENT_ID || "dev-agreement-secret",
    apiUrl: env.SMAREGI_API_URL || `http://127.0.0.1:${fakePort}/access/`,
    contractId: env.SMAREGI_CONTRACT_ID || "dev-contract",
    accessToken: env.SMAREGI_ACCESS_TOKEN || "dev-token",
  }
}

export default async function seedDevStore({ container }: ExecArgs): Promise<void> {
  const config = devSeedConfigFromEnv()
  const before = await countRegions(container)
  const store = await seedDemoStore(container)
  const admin = await ensureAdminUser(container, config.adminEmail, config.adminPassword)
  const api = process.env.SMAREGI_API
  const connection =
    api === "platform"
      ? await ensurePlatformDemoConnection(container, store, devPlatformConfigFromEnv())
      : await ensureDemoConnection(container, store, config)
  const platform = api === "both" ? await ensurePlatformDemoConnection(container, store, devPlatformConfigFromEnv()) : null
  const result: DevSeedResult = {
    publishableKey: store.publishableKey,
    regionId: store.regionId,
    salesChannelId: store.salesChannelId,
    stockLocationId: store.stockLocationId,
    connectionId: connection.id,
    demoStore: before === 0 ? "created" : "existing",
    admin,
    connection: connection.outcome,
    ...(platform ? { platformConnectionId: platform.id, platformConnection: platform.outcome } : {}),
  }
  console.log(`${SEED_RESULT_MARKER} ${JSON.stringify(result)}`)
}

async function countRegions(container: MedusaContainer): Promise<number> {
  const [, count] = await container.resolve(Modules.REGION).listAndCountRegions({ name: "Japan" }, { take: 1 })
  return count
}

/** Creates the admin like `medusa user -e … -p …` does; resets the password when ADMIN_PASSWORD changed. */
export async function ensureAdminUser(
  container: MedusaContainer,
  email: string,
  password: string
): Promise<DevSeedResult["admin"]> {
  const users: IUserModuleService = container.resolve(Modules.USER)
  const auth: IAuthModuleService = container.resolve(Modules.AUTH)

  const [existingUser] = await users.listUsers({ email })
  const user = existingUser ?? (await createAdminUser(container, email))
  const [identity] = await auth.listProviderIdentities({ provider: "emailpass", entity_id: email })

  if (!identity) {
    const registered = await auth.register("emailpass", { body: { email, password } })
    if (!registered.success || !registered.authIdentity) throw new Error(`admin user ${email}: ${registered.error}`)
    await auth.updateAuthIdentities({ id: registered.authIdentity.id, app_metadata: { user_id: user.id } })
    return existingUser ? "password reset" : "created"
  }

  const login = await auth.authenticate("emailpass", { body: { email, password } })
  if (login.success) return existingUser ? "existing" : "created"
  const updated = await auth.updateProvider("emailpass", { entity_id: email, password })
  if (!updated.success) throw new Error(`admin user ${email}: could not reset the password: ${updated.error}`)
  return "password reset"
}

async function createAdminUser(container: MedusaContainer, email: string) {
  const roles: string[] = []
  if (FeatureFlag.isFeatureEnabled("rbac")) {
    const rbac = container.resolve(Modules.RBAC) as { listRbacRoles(filter: { id: string }): Promise<Array<{ id: string }>> }
    const [superAdmin] = await rbac.listRbacRoles({ id: "role_super_admin" })
    if (superAdmin) roles.push(superAdmin.id)
  }
  const { result } = await createUsersWorkflow(container).run({ input: { users: [{ email, roles }] } })
  return result[0]
}

/** The demo connection; only the values that come from the environment are brought up to date on a rerun. */
export async function ensureDemoConnection(
  container: MedusaContainer,
  store: DemoStore,
  config: DevSeedConfig
): Promise<{ id: string; outcome: DevSeedResult["connection"] }> {
  const smaregi: SmaregiModuleService = container.resolve(SMAREGI_MODULE)
  const [existing] = await smaregi.listSmaregiConnections({ name: DEMO_CONNECTION_NAME })
  if (!existing) {
    const created = await smaregi.createConnection({
      name: DEMO_CONNECTION_NAME,
      agreementSecret: config.agreementSecret,
      accessToken: config.accessToken,
      settings: {
        allowedSources: ["127.0.0.1", "::1"],
        apiUrl: config.apiUrl,
        contractId: config.contractId,
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
  const changes = await environmentChanges(smaregi, current, config)
  if (Object.keys(changes.input).length) await smaregi.updateConnection(current.id, changes.input)
  if (!changes.fields.length) return { id: current.id, outcome: "existing" }
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  logger.info(`Demo Smaregi connection updated from the environment: ${changes.fields.join(", ")}`)
  return { id: current.id, outcome: `updated (${changes.fields.join(", ")})` }
}

async function environmentChanges(
  smaregi: SmaregiModuleService,
  current: PublicConnection,
  config: DevSeedConfig
): Promise<{ input: ConnectionInput; fields: string[] }> {
  const input: ConnectionInput = {}
  const fields: string[] = []
  const settings: NonNullable<ConnectionInput["settings"]> = {}
  if (current.settings.apiUrl !== config.apiUrl) {
    settings.apiUrl = config.apiUrl
    fields.push("apiUrl")
  }
  if (current.settings.contractId !== config.contractId) {
    settings.contractId = config.contractId
    fields.push("contractId")
  }
  if (fields.length) input.settings = settings

  // A disabled connection cannot be looked up by its secret: set it again without reporting a change.
  if (!current.enabled) {
    input.agreementSecret = config.agreementSecret
  } else if ((await smaregi.findConnectionByAgreementSecret(config.agreementSecret))?.id !== current.id) {
    input.agreementSecret = config.agreementSecret
    fields.push("agreementSecret")
  }
  // A stored token is never sent to a new URL: the update must carry the token again.
  const tokenKept = settings.apiUrl === undefined && (await smaregi.accessTokenMatches(current.id, config.accessToken))
  if (!tokenKept) input.accessToken = config.accessToken
  if (settings.apiUrl === undefined && !tokenKept) fields.push("accessToken")
  return { input, fields }
}
