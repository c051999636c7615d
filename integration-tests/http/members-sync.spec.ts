import { medusaIntegrationTestRunner } from "../helpers/runner"
import { Modules } from "@medusajs/framework/utils"
import { adminHeaders } from "../helpers/auth"
import {
  QUIET_MS,
  PLATFORM_CONTRACT,
  customerUpds,
  divisionOf,
  memberOf,
  membersHarness,
  publishableKey,
  sleep,
  waitFor,
  waitForMemberStatus,
} from "./members-helpers"
import { adjustPointsWorkflow } from "../../src/workflows/points/adjust-points"
import type { SmaregiApi } from "../../src/modules/smaregi/transport/types"

jest.setTimeout(120_000)


// The first member's customerId: ours on v2 (customerIdStart), Smaregi's own on the Platform API (the fake counts from 1).
const FIRST_ID: Record<SmaregiApi, string> = { v2: "1000", platform: "1" }

// Member sync, a customer registering, points and ranks, through both APIs (the other members-sync-* files hold the
// rest: members-sync-platform.spec.ts what only the Platform API does).
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const h = membersHarness(api, getContainer, { platform: true })

    describe.each<SmaregiApi>(["v2", "platform"])("through the %s API", (which) => {
      const t = () => h.transport(which)
      const firstId = FIRST_ID[which]

      describe("a customer registering in the store", () => {
        it("becomes a Smaregi member with exactly one write, and the metadata write pushes nothing", async () => {
          const container = getContainer()
          await t().connect(container)
          const pk = await publishableKey(container)
          const { customer } = await h.register(pk, "hanako@example.jp", { metadata: { last_name_kana: "やまだ", first_name_kana: "はなこ" } })

          const member = await waitForMemberStatus(container, customer.id, "synced")
          await sleep(QUIET_MS)

          expect(t().writes()).toEqual([
            {
              customerId: firstId,
              fields: {
                // The Platform API takes the id in the URL, never in the body.
                ...(which === "v2" ? { customerId: firstId } : {}),
                customerCode: "M000001000",
                lastName: "山田",
                firstName: "花子",
                lastKana: "ヤマダ",
                firstKana: "ハナコ",
                mailAddress: "hanako@example.jp",
                phoneNumber: "090-1234-5678",
                sex: "0",
              },
            },
          ])
          expect(t().stored(firstId)).toMatchObject({ customerCode: "M000001000", mailAddress: "hanako@example.jp" })
          if (which === "v2") {
            const [request] = customerUpds(h.fake)
            expect(request.headers.map(([name]) => name)).toEqual(expect.arrayContaining(["X_contract_id", "X_access_token"]))
            expect(request.headers.find(([n]) => n.toLowerCase() === "content-type")?.[1]).toMatch(/^application\/x-www-form-urlencoded/)
            expect(divisionOf(request)).toBe("U")
          } else {
            const creates = h.platform.requests.filter((r) => r.method === "POST" && r.path === `/${PLATFORM_CONTRACT.contractId}/pos/customers`)
            expect(creates).toHaveLength(1)
            expect(creates[0].authorization).toMatch(/^Bearer /)
          }

          expect(member).toMatchObject({ smaregi_customer_id: firstId, customer_code: "M000001000", attempts: 0, last_error: null })
          const saved = await container.resolve(Modules.CUSTOMER).retrieveCustomer(customer.id)
          expect(saved.metadata).toMatchObject({
            last_name_kana: "やまだ",
            smaregi_member_code: "M000001000",
            smaregi_sync_status: "synced",
            smaregi_synced_at: new Date(member.last_synced_at as unknown as string).toISOString(),
          })
        })

        it("pushes a profile update once with the new values, to the same member, and a save without a mapped change not at all", async () => {
          const container = getContainer()
          await t().connect(container)
          const pk = await publishableKey(container)
          const { customer, headers } = await h.register(pk, "taro@example.jp")
          await waitForMemberStatus(container, customer.id, "synced")

          await api.post("/store/customers/me", { first_name: "太郎", phone: "03-1111-2222" }, { headers })
          await waitFor(async () => t().writes().length === 2, "the update push")
          await sleep(QUIET_MS)
          const writes = t().writes()
          expect(writes).toHaveLength(2)
          expect(writes[1]).toMatchObject({ customerId: firstId, fields: { firstName: "太郎", phoneNumber: "03-1111-2222" } })
          expect(t().stored(firstId)).toMatchObject({ firstName: "太郎", customerCode: "M000001000" })
          if (which === "platform") {
            expect(h.platform.customersOf(PLATFORM_CONTRACT.contractId).size).toBe(1)
            expect(h.platform.requests.filter((r) => r.method === "PATCH" && r.path.endsWith(`/pos/customers/${firstId}`))).toHaveLength(1)
          }

          await api.post("/store/customers/me", { first_name: "太郎", metadata: { favourite: "tea" } }, { headers })
          await sleep(QUIET_MS)
          expect(t().writes()).toHaveLength(2)
          expect((await memberOf(container, customer.id)).status).toBe("synced")
        })

        it("coalesces a burst of saves into one push carrying the latest state", async () => {
          const container = getContainer()
          // A window wide enough for four HTTP saves on a loaded machine.
          process.env.SMAREGI_MEMBER_SYNC_DELAY_MS = "2000"
          await t().connect(container)
          const pk = await publishableKey(container)
          const { customer, headers } = await h.register(pk, "burst@example.jp")
          await waitForMemberStatus(container, customer.id, "synced")

          for (const name of ["一", "二", "三", "四"]) {
            await api.post("/store/customers/me", { first_name: name }, { headers })
          }
          await waitFor(async () => t().writes().length >= 2, "the burst push")
          await sleep(QUIET_MS)
          const writes = t().writes()
          expect(writes).toHaveLength(2)
          expect(writes[1].fields.firstName).toBe("四")
        })

        it("pushes the new default address", async () => {
          const container = getContainer()
          await t().connect(container)
          const pk = await publishableKey(container)
          const { customer, headers } = await h.register(pk, "address@example.jp")
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
          await waitFor(async () => t().writes().length === 2, "the address push")
          expect(t().writes()[1].fields).toMatchObject({ postCode: "1500001", address: "東京都渋谷区神宮前1-2-3 原宿ビル5F" })
        })
      })

      describe("points", () => {
        it("sends the balance and its nearest expiry when points are on, after a points change asks for a sync", async () => {
          const container = getContainer()
          await t().connect(container, { sendPoints: true })
          const pk = await publishableKey(container)
          const { customer } = await h.register(pk, "points@example.jp")
          await waitForMemberStatus(container, customer.id, "synced")
          expect(t().pointWrites()[0]).toMatchObject({ customerId: firstId, point: "0" })

          await adjustPointsWorkflow(container).run({
            input: { customer_id: customer.id, amount: 500, reason: "welcome", actor: "test", expires_at: "2027-03-31T00:00:00+09:00" },
          })
          await waitFor(async () => t().pointWrites().length === 2, "the points push")
          expect(t().pointWrites()[1]).toEqual({ customerId: firstId, point: "500", pointExpireDate: "2027-03-31" })
        })
      })

      describe("ranks", () => {
        it("pushes the rank code when the customer joins a mapped group, and the higher one of two", async () => {
          const container = getContainer()
          const admin = await adminHeaders(container)
          const silver = (await api.post("/admin/customer-groups", { name: "Silver" }, admin)).data.customer_group
          const gold = (await api.post("/admin/customer-groups", { name: "Gold" }, admin)).data.customer_group
          await t().connect(container, {
            rankMapping: [
              { customer_group_id: silver.id, rank_code: "SILVER", priority: 1 },
              { customer_group_id: gold.id, rank_code: "GOLD", priority: 2 },
            ],
          })
          const pk = await publishableKey(container)
          const { customer } = await h.register(pk, "rank@example.jp")
          await waitForMemberStatus(container, customer.id, "synced")
          expect(t().writes()[0].fields.rank).toBeUndefined()

          await api.post(`/admin/customer-groups/${silver.id}/customers`, { add: [customer.id] }, admin)
          await waitFor(async () => t().writes().length === 2, "the rank push")
          expect(t().writes()[1]).toMatchObject({ customerId: firstId, fields: { rank: "SILVER" } })
          expect(t().stored(firstId)).toMatchObject({ rank: "SILVER" })

          await api.post(`/admin/customer-groups/${gold.id}/customers`, { add: [customer.id] }, admin)
          await waitFor(async () => t().writes().length === 3, "the second rank push")
          expect(t().writes()[2].fields.rank).toBe("GOLD")

          await api.post(`/admin/customer-groups/${gold.id}/customers`, { remove: [customer.id] }, admin)
          await waitFor(async () => t().writes().length === 4, "the push after leaving Gold")
          expect(t().writes()[3].fields.rank).toBe("SILVER")
          await sleep(QUIET_MS)
          expect(t().writes()).toHaveLength(4)
        })
      })
    })
  },
})
