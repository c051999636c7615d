import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { IAuthModuleService, ICustomerModuleService, IUserModuleService } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import jwt from "jsonwebtoken"
import { SMAREGI_MODULE, seedDemoStore, type SmaregiModuleService } from "../../../lib/plugin"

type SetupBody = { agreement_id: string; members?: number }

export type BenchMember = { customer_id: string; smaregi_customer_id: string; customer_code: string }

/**
 * POST /bench/setup — bench only: the demo store, the floor table, a sales connection with `members` linked
 * members (for member sales), and an admin bearer token.
 */
export async function POST(req: MedusaRequest<SetupBody>, res: MedusaResponse) {
  const body = req.body
  const container = req.scope
  const store = await seedDemoStore(container)

  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  await pg.raw("CREATE TABLE IF NOT EXISTS bench_floor (id bigserial PRIMARY KEY, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())")

  const smaregi = container.resolve<SmaregiModuleService>(SMAREGI_MODULE)
  const connection = await smaregi.createConnection({
    name: "Bench register",
    agreementSecret: body.agreement_id,
    // No reconciliation: it would call Smaregi on a schedule in the middle of a measurement.
    settings: { allowedSources: ["127.0.0.1", "::1"], salesChannelId: store.salesChannelId, regionId: store.regionId, reconcileEnabled: false },
  })

  const count = body.members ?? 0
  const customers = container.resolve<ICustomerModuleService>(Modules.CUSTOMER)
  const created = count
    ? await customers.createCustomers(
        Array.from({ length: count }, (_, i) => ({
          email: `member${i + 1}@bench.example.jp`,
          first_name: "Hanako",
          last_name: `Bench${i + 1}`,
          has_account: true,
        }))
      )
    : []
  const members: BenchMember[] = created.map((c, i) => ({
    customer_id: c.id,
    smaregi_customer_id: String(100 + i),
    customer_code: `M${String(100 + i).padStart(9, "0")}`,
  }))
  if (members.length) {
    await smaregi.createSmaregiMembers(
      members.map((m) => ({ ...m, connection_id: connection.id, status: "synced" as const, last_synced_at: new Date() }))
    )
  }

  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  res.json({
    store,
    connection_id: connection.id,
    members,
    admin_token: await adminToken(container, String(config.projectConfig.http.jwtSecret)),
  })
}

async function adminToken(container: MedusaRequest["scope"], secret: string): Promise<string> {
  const users = container.resolve<IUserModuleService>(Modules.USER)
  const auth = container.resolve<IAuthModuleService>(Modules.AUTH)
  const user = await users.createUsers({ email: "bench-admin@bench.example.jp" })
  const identity = await auth.createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: "bench-admin@bench.example.jp" }],
    app_metadata: { user_id: user.id },
  })
  return jwt.sign({ actor_id: user.id, actor_type: "user", auth_identity_id: identity.id }, secret, { expiresIn: "1d" })
}
