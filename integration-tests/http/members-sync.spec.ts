import { medusaIntegrationTestRunner } from "../helpers/runner"
import { Modules } from "@medusajs/framework/utils"
import { type FakeSmaregi, startFakeSmaregi } from "../../dev/fake-smaregi/server"
import { adminHeaders, registerCustomer } from "../helpers/auth"
import {
  FAKE_CONTRACT,
  SYNC_DELAY_MS,
  customerUpds,
  divisionOf,
  memberConnection,
  memberOf,
  publishableKey,
  rowsOf,
  settleMemberSync,
  sleep,
  waitFor,
  waitForMemberStatus,
} from "./members-helpers"
import { adjustPointsWorkflow } from "../../src/workflows/points/adjust-points"

jest.setTimeout(120_000)

// Longer than the coalescing window plus a push: anything still to come would have arrived.
const QUIET_MS = SYNC_DELAY_MS * 4 + 400

// Member sync, a customer registering, points and ranks (the other members-sync-* files hold the rest).
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let fake: FakeSmaregi

    beforeAll(async () => {
      fake = await startFakeSmaregi({ port: 0, contracts: [FAKE_CONTRACT] })
    })
    afterAll(async () => {
      await fake.stop()
    })
    beforeEach(() => fake.reset())
    afterEach(async () => {
      process.env.SMAREGI_MEMBER_SYNC_DELAY_MS = String(SYNC_DELAY_MS)
      await settleMemberSync(getContainer())
    })

    async function register(pk: string, email: string, extra: Record<string, unknown> = {}) {
      return registerCustomer(api, pk, { email, first_name: "花子", last_name: "山田", phone: "090-1234-5678", ...extra })
    }

    describe("a customer registering in the store", () => {
      it("becomes a Smaregi member with exactly one customer_upd, and the metadata write pushes nothing", async () => {
        const container = getContainer()
        await memberConnection(container, fake)
        const pk = await publishableKey(container)
        const { customer } = await register(pk, "hanako@example.jp", { metadata: { last_name_kana: "やまだ", first_name_kana: "はなこ" } })

        const member = await waitForMemberStatus(container, customer.id, "synced")
        await sleep(QUIET_MS)

        const upds = customerUpds(fake)
        expect(upds).toHaveLength(1)
        const [request] = upds
        expect(request.status).toBe(200)
        const headerNames = request.headers.map(([name]) => name)
        expect(headerNames).toEqual(expect.arrayContaining(["X_contract_id", "X_access_token"]))
        const contentType = request.headers.find(([n]) => n.toLowerCase() === "content-type")?.[1]
        expect(contentType).toMatch(/^application\/x-www-form-urlencoded/)
        expect(divisionOf(request)).toBe("U")
        expect(rowsOf(request)).toEqual([
          {
            customerId: "1000",
            customerCode: "M000001000",
            lastName: "山田",
            firstName: "花子",
            lastKana: "ヤマダ",
            firstKana: "ハナコ",
            mailAddress: "hanako@example.jp",
            phoneNumber: "090-1234-5678",
            sex: "0",
          },
        ])
        expect(fake.members.get("1000")).toMatchObject({ customerCode: "M000001000", mailAddress: "hanako@example.jp" })

        expect(member).toMatchObject({ smaregi_customer_id: "1000", customer_code: "M000001000", attempts: 0, last_error: null })
        const customers = container.resolve(Modules.CUSTOMER)
        const saved = await customers.retrieveCustomer(customer.id)
        expect(saved.metadata).toMatchObject({
          last_name_kana: "やまだ",
          smaregi_member_code: "M000001000",
          smaregi_sync_status: "synced",
          smaregi_synced_at: new Date(member.last_synced_at as unknown as string).toISOString(),
        })
      })

      it("pushes a profile update once with the new values, and a save without a mapped change not at all", async () => {
        const container = getContainer()
        await memberConnection(container, fake)
        const pk = await publishableKey(container)
        const { customer, headers } = await register(pk, "taro@example.jp")
        await waitForMemberStatus(container, customer.id, "synced")

        await api.post("/store/customers/me", { first_name: "太郎", phone: "03-1111-2222" }, { headers })
        await waitFor(async () => customerUpds(fake).length === 2, "the update push")
        await sleep(QUIET_MS)
        const upds = customerUpds(fake)
        expect(upds).toHaveLength(2)
        expect(rowsOf(upds[1])[0]).toMatchObject({ customerId: "1000", firstName: "太郎", phoneNumber: "03-1111-2222" })

        await api.post("/store/customers/me", { first_name: "太郎", metadata: { favourite: "tea" } }, { headers })
        await sleep(QUIET_MS)
        expect(customerUpds(fake)).toHaveLength(2)
        expect((await memberOf(container, customer.id)).status).toBe("synced")
      })

      it("coalesces a burst of saves into one push carrying the latest state", async () => {
        const container = getContainer()
        // A window wide enough for four HTTP saves on a loaded machine.
        process.env.SMAREGI_MEMBER_SYNC_DELAY_MS = "2000"
        await memberConnection(container, fake)
        const pk = await publishableKey(container)
        const { customer, headers } = await register(pk, "burst@example.jp")
        await waitForMemberStatus(container, customer.id, "synced")

        for (const name of ["一", "二", "三", "四"]) {
          await api.post("/store/customers/me", { first_name: name }, { headers })
        }
        await waitFor(async () => customerUpds(fake).length >= 2, "the burst push")
        await sleep(QUIET_MS)
        const upds = customerUpds(fake)
        expect(upds).toHaveLength(2)
        expect(rowsOf(upds[1])[0].firstName).toBe("四")
      })

      it("pushes the new default address", async () => {
        const container = getContainer()
        await memberConnection(container, fake)
        const pk = await publishableKey(container)
        const { customer, headers } = await register(pk, "address@example.jp")
        await waitForMemberStatus(container, customer.id, "synced")

        await api.post(
          "/store/customers/me/addresses",
          {
            postal_code: "150-0001",
            province: "東京都",
            city: "渋谷区",
            address_1: "神宮前1-2-3",
            address_2: "原宿ビル5F",
            country_code: "jp",
            is_default_shipping: true,
          },
          { headers }
        )
        await waitFor(async () => customerUpds(fake).length === 2, "the address push")
        expect(rowsOf(customerUpds(fake)[1])[0]).toMatchObject({ postCode: "1500001", address: "東京都渋谷区神宮前1-2-3 原宿ビル5F" })
      })
    })

    describe("points", () => {
      it("sends the balance and its nearest expiry when points are on, after a points change asks for a sync", async () => {
        const container = getContainer()
        await memberConnection(container, fake, { sendPoints: true })
        const pk = await publishableKey(container)
        const { customer } = await register(pk, "points@example.jp")
        await waitForMemberStatus(container, customer.id, "synced")
        expect(rowsOf(customerUpds(fake)[0])[0]).toMatchObject({ point: "0" })

        await adjustPointsWorkflow(container).run({
          input: { customer_id: customer.id, amount: 500, reason: "welcome", actor: "test", expires_at: "2027-03-31T00:00:00+09:00" },
        })
        await waitFor(async () => customerUpds(fake).length === 2, "the points push")
        expect(rowsOf(customerUpds(fake)[1])[0]).toMatchObject({ customerId: "1000", point: "500", pointExpireDate: "2027-03-31" })
      })
    })

    describe("ranks", () => {
      it("pushes the rank code when the customer joins a mapped group, and the higher one of two", async () => {
        const container = getContainer()
        const admin = await adminHeaders(container)
        const silver = (await api.post("/admin/customer-groups", { name: "Silver" }, admin)).data.customer_group
        const gold = (await api.post("/admin/customer-groups", { name: "Gold" }, admin)).data.customer_group
        await memberConnection(container, fake, {
          rankMapping: [
            { customer_group_id: silver.id, rank_code: "SILVER", priority: 1 },
            { customer_group_id: gold.id, rank_code: "GOLD", priority: 2 },
          ],
        })
        const pk = await publishableKey(container)
        const { customer } = await register(pk, "rank@example.jp")
        await waitForMemberStatus(container, customer.id, "synced")
        expect(rowsOf(customerUpds(fake)[0])[0].rank).toBeUndefined()

        await api.post(`/admin/customer-groups/${silver.id}/customers`, { add: [customer.id] }, admin)
        await waitFor(async () => customerUpds(fake).length === 2, "the rank push")
        expect(rowsOf(customerUpds(fake)[1])[0]).toMatchObject({ customerId: "1000", rank: "SILVER" })

        await api.post(`/admin/customer-groups/${gold.id}/customers`, { add: [customer.id] }, admin)
        await waitFor(async () => customerUpds(fake).length === 3, "the second rank push")
        expect(rowsOf(customerUpds(fake)[2])[0].rank).toBe("GOLD")

        await api.post(`/admin/customer-groups/${gold.id}/customers`, { remove: [customer.id] }, admin)
        await waitFor(async () => customerUpds(fake).length === 4, "the push after leaving Gold")
        expect(rowsOf(customerUpds(fake)[3])[0].rank).toBe("SILVER")
        await sleep(QUIET_MS)
        expect(customerUpds(fake)).toHaveLength(4)
      })
    })
  },
})
