import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import jwt from "jsonwebtoken"

export const TEST_JWT_SECRET = process.env.JWT_SECRET || "supersecret"

/** Headers of a logged-in admin user (created on the fly). */
export async function adminHeaders(container: MedusaContainer, email = "admin@smaregi.test") {
  const users = container.resolve(Modules.USER)
  const auth = container.resolve(Modules.AUTH)
  const [existing] = await users.listUsers({ email })
  const user = existing ?? (await users.createUsers({ email }))
  const identity = await auth.createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: `${email}:${Date.now()}:${Math.random()}` }],
    app_metadata: { user_id: user.id },
  })
  const token = jwt.sign({ actor_id: user.id, actor_type: "user", auth_identity_id: identity.id }, TEST_JWT_SECRET, {
    expiresIn: "1d",
  })
  return { headers: { authorization: `Bearer ${token}` } }
}

type Api = { post: (url: string, body?: unknown, config?: unknown) => Promise<{ data: any }> }

/** Registers a store customer the way a storefront does and returns its bearer headers. */
export async function registerCustomer(
  api: Api,
  publishableKey: string,
  input: { email: string; password?: string; first_name?: string; last_name?: string; phone?: string; metadata?: Record<string, unknown> }
) {
  const password = input.password ?? "Passw0rd!"
  const pk = { "x-publishable-api-key": publishableKey }
  const reg = await api.post("/auth/customer/emailpass/register", { email: input.email, password })
  const { password: _p, ...profile } = { ...input }
  const created = await api.post("/store/customers", profile, { headers: { ...pk, authorization: `Bearer ${reg.data.token}` } })
  const login = await api.post("/auth/customer/emailpass", { email: input.email, password })
  return {
    customer: created.data.customer as { id: string; email: string },
    headers: { ...pk, authorization: `Bearer ${login.data.token}` },
  }
}
