import type { MedusaContainer } from "@medusajs/framework/types"
import { startFakeSmaregi, type FakeSmaregi } from "../../dev/fake-smaregi/server"
import { SMAREGI_MODULE } from "../../src/modules/smaregi"
import type SmaregiModuleService from "../../src/modules/smaregi/service"
import { adminHeaders } from "../helpers/auth"

// Shared by admin-connections.spec.ts and admin-transactions.spec.ts: admin calls whose answers never carry a secret.

export const TOKEN = "dev-token"
export const SECRET = "agreement-secret-0001"

export type Reply = { status: number; data: any; headers: Record<string, string> }

type Api = {
  post: (url: string, body: unknown, config: Record<string, unknown>) => Promise<Reply>
  get: (url: string, config: Record<string, unknown>) => Promise<Reply>
  delete: (url: string, config: Record<string, unknown>) => Promise<Reply>
}

/**
 * An admin connection file's set-up: a fake Smaregi for the file, an admin session per test, and every answer checked
 * after the test for the token, the secret and ciphertext.
 */
export function adminConnectionsSuite(api: Api, getContainer: () => MedusaContainer) {
  let started: FakeSmaregi
  let headers: Record<string, string>
  const replies: Reply[] = []
  const fake = (): FakeSmaregi => started

  beforeAll(async () => {
    started = await startFakeSmaregi({ port: 0 })
  })
  afterAll(async () => {
    await started.stop()
  })

  beforeEach(async () => {
    headers = (await adminHeaders(getContainer())).headers
  })
  afterEach(() => {
    // Whatever the admin API answered, a secret must never be in it.
    for (const reply of replies.splice(0)) {
      const text = JSON.stringify(reply.data)
      expect(text).not.toContain(TOKEN)
      expect(text).not.toContain(SECRET)
      expect(text).not.toMatch(/"v[12]:[^"]+"/)
    }
  })

  const call = async (method: "get" | "post" | "delete", url: string, body?: unknown, auth = true): Promise<Reply> => {
    const config = { headers: auth ? headers : {}, validateStatus: () => true }
    const reply: Reply = method === "post" ? await api.post(url, body ?? {}, config) : await api[method](url, config)
    replies.push(reply)
    return reply
  }
  const smaregi = (): SmaregiModuleService => getContainer().resolve(SMAREGI_MODULE)

  const createConnection = async (body: Record<string, unknown> = {}) => {
    const res = await call("post", "/admin/smaregi/connections", {
      name: "Shibuya store",
      agreement_secret: SECRET,
      access_token: TOKEN,
      settings: { contractId: "dev-contract", apiUrl: fake().url, allowedSources: ["127.0.0.1", "::1"] },
      ...body,
    })
    expect(res.status).toBe(200)
    return res.data.connection
  }
  return { call, smaregi, createConnection, fake }
}
