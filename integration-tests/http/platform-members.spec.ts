import { medusaIntegrationTestRunner } from "../helpers/runner"
import { registerCustomer } from "../helpers/auth"
import { startFakeSmaregiPlatform, type FakeSmaregiPlatform } from "../../dev/fake-smaregi-platform/server"
import { publishableKey, settleMemberSync, smaregiOf, waitForMemberStatus } from "./members-helpers"

jest.setTimeout(180_000)

const CONTRACT = "sb_platform_members"
const CLIENT_ID = "platform-members-client"
const CLIENT_SECRET = "platform-members-secret"

// Issue 16, members OUT: a web customer becomes a member through the Platform API, which assigns the customerId.
medusaIntegrationTestRunner({
  seedDemoStore: true,
  testSuite: ({ api, getContainer }) => {
    let fake: FakeSmaregiPlatform
    beforeAll(async () => {
      fake = await startFakeSmaregiPlatform({ port: 0, contracts: [{ contractId: CONTRACT, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }] })
    })
    afterAll(async () => {
      await fake.stop()
    })
    beforeEach(() => fake.reset())
    afterEach(async () => {
      await settleMemberSync(getContainer())
    })

    const platformMemberConnection = () =>
      smaregiOf(getContainer()).createConnection({
        name: "Platform members",
        api: "platform",
        clientSecret: CLIENT_SECRET,
        settings: {
          contractId: CONTRACT,
          memberSyncEnabled: true,
          customerIdStart: 1000,
          timeoutMs: 2000,
          platform: { clientId: CLIENT_ID, idUrl: fake.url, apiUrl: fake.url },
        },
      })

    it("creates the member with POST /pos/customers and keeps the customerId Smaregi assigned", async () => {
      const container = getContainer()
      const connection = await platformMemberConnection()
      const pk = await publishableKey(container)
      const { customer } = await registerCustomer(api, pk, {
        email: "platform.hanako@example.jp",
        first_name: "花子",
        last_name: "山田",
        phone: "090-1234-5678",
      })

      const member = await waitForMemberStatus(container, customer.id, "synced", 60_000)
      expect(member.connection_id).toBe(connection.id)
      const stored = fake.customersOf(CONTRACT)
      expect(stored.size).toBe(1)
      const [[customerId, row]] = [...stored.entries()]
      expect(member.smaregi_customer_id).toBe(customerId)
      expect(row).toMatchObject({ customerCode: member.customer_code, lastName: "山田", firstName: "花子", mailAddress: "platform.hanako@example.jp" })
      const creates = fake.requests.filter((r) => r.method === "POST" && r.path.endsWith("/pos/customers"))
      expect(creates).toHaveLength(1)
    })

    it("updates the same member with PATCH when the customer changes their profile", async () => {
      const container = getContainer()
      await platformMemberConnection()
      const pk = await publishableKey(container)
      const { customer, headers } = await registerCustomer(api, pk, { email: "platform.taro@example.jp", first_name: "太郎", last_name: "佐藤" })
      const first = await waitForMemberStatus(container, customer.id, "synced", 60_000)

      await api.post("/store/customers/me", { last_name: "鈴木" }, { headers })
      const patched = await waitForPatch(fake, first.smaregi_customer_id)
      expect(patched.method).toBe("PATCH")
      const stored = fake.customersOf(CONTRACT)
      expect(stored.size).toBe(1)
      expect(stored.get(first.smaregi_customer_id)).toMatchObject({ lastName: "鈴木", customerCode: first.customer_code })
    })
  },
})

async function waitForPatch(fake: FakeSmaregiPlatform, customerId: string) {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    const patch = fake.requests.find((r) => r.method === "PATCH" && r.path.endsWith(`/pos/customers/${customerId}`))
    if (patch) return patch
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`no PATCH /pos/customers/${customerId} within 60 s`)
}
