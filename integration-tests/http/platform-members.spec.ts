import { medusaIntegrationTestRunner } from "../helpers/runner"
import { adminHeaders, registerCustomer } from "../helpers/auth"
import { startFakeSmaregiPlatform, type FakeSmaregiPlatform } from "../../dev/fake-smaregi-platform/server"
import { adjustPointsWorkflow } from "../../src/workflows/points/adjust-points"
import { memberOf, memberSyncIdle, publishableKey, settleMemberSync, smaregiOf, waitFor, waitForMemberStatus } from "./members-helpers"

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

    describe("points", () => {
      const pointCalls = (customerId: string) =>
        fake.requests
          .filter((r) => r.path.includes(`/pos/customers/${customerId}/point`))
          .map((r) => ({ call: `${r.method} ${r.path.endsWith("/add") ? "add" : "point"}`, point: (r.body as { point?: string } | null)?.point, status: r.status }))
      const adjust = async (customerId: string, amount: number) => {
        await adjustPointsWorkflow(getContainer()).run({ input: { customer_id: customerId, amount, reason: "test", actor: "test" } })
      }
      const balanceIn = (customerId: string, point: string) =>
        waitFor(async () => fake.customersOf(CONTRACT).get(customerId)?.point === point && (await memberSyncIdle(getContainer())), `Smaregi balance ${point}`, 60_000)
      const setRegisterBalance = (customerId: string, point: string) => {
        ;(fake.customersOf(CONTRACT).get(customerId) as { point: string }).point = point
      }

      it("sends web movements as point/add, falls back to the absolute balance when the plan lacks it, and says so in the admin", async () => {
        const container = getContainer()
        const admin = await adminHeaders(container)
        const connection = await smaregiOf(container).createConnection({
          name: "Platform points",
          api: "platform",
          clientSecret: CLIENT_SECRET,
          settings: { contractId: CONTRACT, memberSyncEnabled: true, sendPoints: true, timeoutMs: 2000, platform: { clientId: CLIENT_ID, idUrl: fake.url, apiUrl: fake.url } },
        })
        const pk = await publishableKey(container)
        const { customer } = await registerCustomer(api, pk, { email: "platform.points@example.jp", first_name: "点", last_name: "山田" })
        const { smaregi_customer_id: id } = await waitForMemberStatus(container, customer.id, "synced", 60_000)
        // Nothing was sent before: the first balance is absolute.
        await balanceIn(id, "0")
        expect(pointCalls(id)).toEqual([{ call: "PATCH point", point: "0", status: 200 }])

        // The fake contract is on the standard plan: point/add is refused (403), the same run sends the balance.
        await adjust(customer.id, 500)
        await balanceIn(id, "500")
        expect(pointCalls(id).slice(1)).toEqual([
          { call: "POST add", point: "500", status: 403 },
          { call: "PATCH point", point: "500", status: 200 },
        ])
        expect(await memberOf(container, customer.id)).toMatchObject({ status: "synced", last_error_code: null })
        const lacking = (await api.get(`/admin/smaregi/connections/${connection.id}`, admin)).data.connection
        expect(lacking.plan_lacks).toEqual([{ feature: "point_add", since: expect.any(String), checked_at: expect.any(String) }])

        // Remembered: the next change goes out absolute without asking again.
        await adjust(customer.id, 100)
        await balanceIn(id, "600")
        expect(pointCalls(id).slice(3)).toEqual([{ call: "PATCH point", point: "600", status: 200 }])

        // The merchant upgrades and presses Test connection: the next change is asked as point/add again and keeps
        // what the register did meanwhile.
        fake.setPlan("premium-plus", CONTRACT)
        expect((await api.post(`/admin/smaregi/connections/${connection.id}/test-connection`, {}, admin)).data).toMatchObject({ ok: true })
        expect((await api.get(`/admin/smaregi/connections/${connection.id}`, admin)).data.connection.plan_lacks).toEqual([
          { feature: "point_add", since: lacking.plan_lacks[0].since, checked_at: null },
        ])
        setRegisterBalance(id, "630")
        await adjust(customer.id, 50)
        await balanceIn(id, "680")
        expect(pointCalls(id).slice(4)).toEqual([{ call: "POST add", point: "50", status: 200 }])
        expect((await api.get(`/admin/smaregi/connections/${connection.id}`, admin)).data.connection.plan_lacks).toEqual([])
      })
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
