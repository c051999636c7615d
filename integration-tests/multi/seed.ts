import type { ExecArgs } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import jwt from "jsonwebtoken"
import { seedDemoStore } from "../../dev/seed/demo-store"
import type SmaregiModuleService from "../../src/modules/smaregi/service"

/** What the multi-instance suite seeds; passed as JSON in MULTI_SEED_INPUT. */
export type MultiSeedInput = {
  fakeUrl: string
  contractId: string
  accessToken: string
  agreementSecret: string
  customers: number
  initialPoints: number
}

export type MultiSeedResult = {
  connectionId: string
  publishableKey: string
  adminToken: string
  regionId: string
  salesChannelId: string
  /** customer id, Smaregi customerId and customerCode of each member */
  members: Array<{ customerId: string; smaregiCustomerId: string; customerCode: string }>
}

export const SEED_MARKER = "MULTI_SEED_RESULT "

// The plugin's code is reached through the container and the workflow engine only, so this script runs against
// whatever src/ the processes load (SMAREGI_MULTI_SRC) without loading a second copy of its modules.
const SMAREGI_MODULE = "smaregi"
const ADJUST_POINTS_WORKFLOW = "points-adjust-points"

/** `medusa exec` entry: demo store, one sales connection with points, members with a starting balance, an admin token. */
export default async function seedMulti({ container }: ExecArgs): Promise<void> {
  const input = JSON.parse(process.env.MULTI_SEED_INPUT ?? "{}") as MultiSeedInput
  const store = await seedDemoStore(container)
  const smaregi: SmaregiModuleService = container.resolve(SMAREGI_MODULE)
  const connection = await smaregi.createConnection({
    name: "Shibuya (multi)",
    agreementSecret: input.agreementSecret,
    accessToken: input.accessToken,
    settings: {
      apiUrl: input.fakeUrl,
      contractId: input.contractId,
      allowedSources: ["127.0.0.1", "::1"],
      salesChannelId: store.salesChannelId,
      regionId: store.regionId,
      pointsOnCreate: true,
      reconcileEnabled: false,
    },
  })

  const customerService = container.resolve(Modules.CUSTOMER)
  const customers = await customerService.createCustomers(
    Array.from({ length: input.customers }, (_, i) => ({
      email: `member${i}@multi.example.jp`,
      first_name: `Member${i}`,
      last_name: "Multi",
      has_account: true,
    }))
  )
  const members = customers.map((c, i) => ({
    customerId: c.id,
    smaregiCustomerId: String(7000 + i),
    customerCode: `M${String(7000 + i).padStart(9, "0")}`,
  }))
  await smaregi.createSmaregiMembers(
    members.map((m) => ({
      connection_id: connection.id,
      customer_id: m.customerId,
      smaregi_customer_id: m.smaregiCustomerId,
      customer_code: m.customerCode,
      status: "synced" as const,
      last_synced_at: new Date(),
    }))
  )
  const engine = container.resolve(Modules.WORKFLOW_ENGINE)
  for (const m of members) {
    await engine.run(ADJUST_POINTS_WORKFLOW, {
      input: { customer_id: m.customerId, amount: input.initialPoints, reason: "multi seed", actor: "seed", idempotency_key: `seed:${m.customerId}` },
      throwOnError: true,
    })
  }

  const users = container.resolve(Modules.USER)
  const auth = container.resolve(Modules.AUTH)
  const user = await users.createUsers({ email: "admin@multi.example.jp" })
  const identity = await auth.createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: "admin@multi.example.jp" }],
    app_metadata: { user_id: user.id },
  })
  const adminToken = jwt.sign({ actor_id: user.id, actor_type: "user", auth_identity_id: identity.id }, process.env.JWT_SECRET || "supersecret", {
    expiresIn: "1d",
  })

  const result: MultiSeedResult = {
    connectionId: connection.id,
    publishableKey: store.publishableKey,
    adminToken,
    regionId: store.regionId,
    salesChannelId: store.salesChannelId,
    members,
  }
  console.log(`${SEED_MARKER}${JSON.stringify(result)}`)
}
