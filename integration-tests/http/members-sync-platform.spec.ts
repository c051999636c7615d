import { medusaIntegrationTestRunner } from "../helpers/runner"
import { Modules } from "@medusajs/framework/utils"
import { adminHeaders } from "../helpers/auth"
import {
  PLATFORM_CONTRACT,
  PLATFORM_WEBHOOK_SECRET,
  memberOf,
  memberSyncIdle,
  membersHarness,
  platformConnection,
  publishableKey,
  smaregiOf,
  waitFor,
  waitForMemberStatus,
} from "./members-helpers"
import { adjustPointsWorkflow } from "../../src/workflows/points/adjust-points"
import { requestMemberSync } from "../../src/workflows/members/request-member-sync"
import { POINTS_MODULE } from "../../src/modules/points"
import type PointsModuleService from "../../src/modules/points/service"
import type { CustomerRow } from "../../src/smaregi/customer-fields"

jest.setTimeout(120_000)

// Members OUT through the Platform API only: Smaregi assigns the customerId, withdrawal and deletion, points in delta
// mode and the plan gate, members edited at the register (the scenarios shared with v2 are in members-sync.spec.ts).
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const h = membersHarness(api, getContainer, { platform: true })

    describe("Platform API", () => {
      it("keeps no customerId until Smaregi assigns one, so assigned ids equal to the allocator's numbers never clash", async () => {
        const container = getContainer()
        const platform = h.platform
        // Smaregi's counter is one ahead of ours: a member once at 1000 was deleted, so the highest id is unknown.
        platform.seedCustomers([{ customerId: "1000", customerCode: "REG-1000", lastName: "消", firstName: "去" }], PLATFORM_CONTRACT.contractId)
        platform.customersOf(PLATFORM_CONTRACT.contractId).delete("1000")
        await h.transport("platform").connect(container)
        platform.fault({ status: 500, match: "^POST /pos/customers$", times: -1 })
        const pk = await publishableKey(container)
        const first = (await h.register(pk, "first@example.jp")).customer

        const waiting = await waitFor(async () => {
          const m = await memberOf(container, first.id)
          return m && m.attempts > 0 && m.status === "pending" ? m : undefined
        }, "the failed create")
        expect(waiting).toMatchObject({ smaregi_customer_id: null, customer_code: "M000001000" })
        platform.clearFaults()
        const a = await waitForMemberStatus(container, first.id, "synced")
        expect(a).toMatchObject({ smaregi_customer_id: "1001", customer_code: "M000001000" })

        // The allocator now hands out 1001 — Smaregi's id of the first member — for the second member's code.
        const second = (await h.register(pk, "second@example.jp")).customer
        const b = await waitForMemberStatus(container, second.id, "synced")
        expect(b).toMatchObject({ smaregi_customer_id: "1002", customer_code: "M000001001" })
        const stored = platform.customersOf(PLATFORM_CONTRACT.contractId)
        expect(stored.get("1001")).toMatchObject({ customerCode: "M000001000", mailAddress: "first@example.jp" })
        expect(stored.get("1002")).toMatchObject({ customerCode: "M000001001", mailAddress: "second@example.jp" })
        expect(stored.size).toBe(2)
      })

      it("never writes over a register member holding the code we would give: the new member gets the next code", async () => {
        const container = getContainer()
        const platform = h.platform
        platform.seedCustomers([{ customerId: "5", customerCode: "M000001000", lastName: "レジ", firstName: "会員" }], PLATFORM_CONTRACT.contractId)
        await h.transport("platform").connect(container)
        const pk = await publishableKey(container)
        const { customer } = await h.register(pk, "code-clash@example.jp")

        const member = await waitForMemberStatus(container, customer.id, "synced")
        expect(member).toMatchObject({ customer_code: "M000001001", smaregi_customer_id: "6" })
        expect(platform.customersOf(PLATFORM_CONTRACT.contractId).get("5")).toMatchObject({ customerCode: "M000001000", lastName: "レジ", firstName: "会員" })
        expect(platform.customersOf(PLATFORM_CONTRACT.contractId).get("6")).toMatchObject({ customerCode: "M000001001", mailAddress: "code-clash@example.jp" })
        expect(platform.requests.filter((r) => r.method === "PATCH")).toHaveLength(0)
      })

      it.each([
        ["withdraw", "withdrawn"],
        ["delete", "deleted"],
      ] as const)("deletion policy %s: deleting the customer ends the member %s in Smaregi, and one already gone there is not re-created", async (policy, status) => {
        const container = getContainer()
        const platform = h.platform
        const stored = () => platform.customersOf(PLATFORM_CONTRACT.contractId)
        await h.transport("platform").connect(container, { deletionPolicy: policy })
        const pk = await publishableKey(container)
        const kept = (await h.register(pk, `${policy}-kept@example.jp`)).customer
        const gone = (await h.register(pk, `${policy}-gone@example.jp`)).customer
        const keptMember = await waitForMemberStatus(container, kept.id, "synced")
        const keptId = keptMember.smaregi_customer_id as string
        const goneId = (await waitForMemberStatus(container, gone.id, "synced")).smaregi_customer_id as string
        stored().delete(goneId) // deleted at the register meanwhile

        const admin = await adminHeaders(container)
        await api.delete(`/admin/customers/${kept.id}`, admin)
        await api.delete(`/admin/customers/${gone.id}`, admin)
        await waitForMemberStatus(container, kept.id, status)
        await waitForMemberStatus(container, gone.id, status)

        const calls = (id: string) => platform.requests.filter((r) => r.path.endsWith(`/pos/customers/${id}`) && r.method !== "GET")
        if (policy === "withdraw") {
          expect(stored().get(keptId)).toMatchObject({
            customerCode: keptMember.customer_code,
            lastName: "山田",
            status: "3",
            leaveDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
          })
          expect(calls(keptId).at(-1)).toMatchObject({ method: "PATCH", status: 200, body: expect.objectContaining({ status: "3" }) })
          expect(calls(goneId).at(-1)).toMatchObject({ method: "PATCH", status: 404 })
          expect([...stored().keys()]).toEqual([keptId])
        } else {
          expect(calls(keptId).at(-1)).toMatchObject({ method: "DELETE", status: 200 })
          expect(calls(goneId).at(-1)).toMatchObject({ method: "DELETE", status: 404 })
          expect(stored().size).toBe(0)
        }
        expect(platform.requests.filter((r) => r.method === "POST" && r.path.endsWith("/pos/customers"))).toHaveLength(2)
      })

      it("sends web point movements as point/add, falls back to the absolute balance when the plan lacks it, and says so in the admin", async () => {
        const container = getContainer()
        const platform = h.platform
        const contract = PLATFORM_CONTRACT.contractId
        const admin = await adminHeaders(container)
        const connection = await platformConnection(container, platform, { sendPoints: true })
        const pointCalls = (id: string) =>
          platform.requests
            .filter((r) => r.path.includes(`/pos/customers/${id}/point`))
            .map((r) => ({ call: `${r.method} ${r.path.endsWith("/add") ? "add" : "point"}`, point: (r.body as { point?: string } | null)?.point, status: r.status }))
        const adjust = (customerId: string, amount: number) =>
          adjustPointsWorkflow(container).run({ input: { customer_id: customerId, amount, reason: "test", actor: "test" } })
        const balanceIn = (id: string, point: string) =>
          waitFor(async () => platform.customersOf(contract).get(id)?.point === point && (await memberSyncIdle(container)), `Smaregi balance ${point}`, 60_000)
        const pk = await publishableKey(container)
        const { customer, headers } = await h.register(pk, "platform.points@example.jp")
        const id = (await waitForMemberStatus(container, customer.id, "synced", 60_000)).smaregi_customer_id as string
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
        platform.setPlan("premium-plus", contract)
        expect((await api.post(`/admin/smaregi/connections/${connection.id}/test-connection`, {}, admin)).data).toMatchObject({ ok: true })
        expect((await api.get(`/admin/smaregi/connections/${connection.id}`, admin)).data.connection.plan_lacks).toEqual([
          { feature: "point_add", since: lacking.plan_lacks[0].since, checked_at: null },
        ])
        ;(platform.customersOf(contract).get(id) as { point: string }).point = "630"
        await adjust(customer.id, 50)
        await balanceIn(id, "680")
        expect(pointCalls(id).slice(4)).toEqual([{ call: "POST add", point: "50", status: 200 }])
        expect((await api.get(`/admin/smaregi/connections/${connection.id}`, admin)).data.connection.plan_lacks).toEqual([])

        // +30 on the web and a register sale of 30 imported before the next sync leave the ledger's balance (and the
        // row) as last sent, yet Smaregi has not seen the +30: the next sync adds it instead of counting it unchanged.
        ;(platform.customersOf(contract).get(id) as { point: string }).point = "650"
        await container.resolve<PointsModuleService>(POINTS_MODULE).recordMovements([
          { customer_id: customer.id, source_key: "web-bonus-30", kind: "adjustment", amount: 30, reason: "test", actor: "test" },
          { customer_id: customer.id, source_key: "smaregi:tx:test-30", source: "smaregi:tx:test-30", kind: "spend", amount: -30, reason: "test", actor: "smaregi" },
        ])
        await api.post("/store/customers/me", { metadata: { favourite: "tea" } }, { headers })
        await balanceIn(id, "680")
        expect(pointCalls(id).slice(5)).toEqual([{ call: "POST add", point: "30", status: 200 }])
      })

      it("follows a member edited at the register: a pos:customers event re-reads it, our record and the mirrored code take Smaregi's", async () => {
        const container = getContainer()
        const platform = h.platform
        const t = h.transport("platform")
        const records = smaregiOf(container).records()
        const { id: connectionId } = await t.connect(container)
        const pk = await publishableKey(container)
        const { customer, headers } = await h.register(pk, "register-edit@example.jp")
        const id = (await waitForMemberStatus(container, customer.id, "synced")).smaregi_customer_id as string
        const hookUrl = `${(api as any).defaults.baseURL.replace(/\/$/, "")}/hooks/smaregi/platform`
        const editAtRegister = async (fields: Record<string, unknown>) => {
          Object.assign(platform.customersOf(PLATFORM_CONTRACT.contractId).get(id)!, fields)
          expect((await platform.sendWebhook({ url: hookUrl, event: "pos:customers", action: "edited", ids: [id], secret: PLATFORM_WEBHOOK_SECRET })).status).toBe(200)
        }
        const following = (code: string) =>
          waitFor(async () => {
            const m = await memberOf(container, customer.id)
            const saved = await container.resolve(Modules.CUSTOMER).retrieveCustomer(customer.id)
            return m.customer_code === code && saved.metadata?.smaregi_member_code === code ? m : undefined
          }, `the member record and mirrored code to follow the register's ${code}`)

        // At the register: a new card and a rank the store does not map.
        await editAtRegister({ customerCode: "CARD-0042", rank: "VIP" })
        const followed = await following("CARD-0042")
        expect(followed).toMatchObject({ smaregi_customer_id: id, status: "synced" })
        expect(followed.last_payload).toMatchObject({ customerCode: "CARD-0042", rank: "VIP" })
        expect(platform.requests.filter((r) => r.method === "GET" && r.path.endsWith(`/pos/customers/${id}`))).toHaveLength(1)
        // A sync of the unchanged customer counts the followed state as sent.
        await requestMemberSync(container, [customer.id], { delayMs: 0 })
        await waitFor(async () => (await memberSyncIdle(container)) && (await memberOf(container, customer.id)).status === "synced", "the sync")
        expect(t.writes()).toHaveLength(1)

        // A retried event whose record already follows still writes the mirror a failed run left out.
        await container.resolve(Modules.CUSTOMER).updateCustomers(customer.id, { metadata: { smaregi_member_code: "M000001000" } })
        await editAtRegister({})
        await following("CARD-0042")

        // A sync claimed before the next edit is not recorded as the state sent: the followed code is sent after it.
        await requestMemberSync(container, [customer.id], { delayMs: 60_000 })
        await records.members.release([followed.id])
        const [inFlight] = await records.members.claimDue(connectionId, { limit: 1, leaseMs: 60_000, memberIds: [followed.id] })
        await editAtRegister({ customerCode: "CARD-0043" })
        await following("CARD-0043")
        const written = { hash: "in flight", payload: inFlight.last_payload as CustomerRow }
        const [recorded] = await records.members.recordOutcomes([{ id: followed.id, requested_token: inFlight.requested_token, status: "synced", written, count_attempt: false }])
        expect(recorded).toMatchObject({ status: "pending", customer_code: "CARD-0043" })

        // The next profile save keeps the register's code and, sending no rank, its rank.
        await api.post("/store/customers/me", { first_name: "次郎" }, { headers })
        await waitFor(async () => t.writes().length === 2, "the profile push")
        expect(t.writes()[1]).toMatchObject({ customerId: id, fields: { customerCode: "CARD-0043", firstName: "次郎" } })
        expect(t.stored(id)).toMatchObject({ customerCode: "CARD-0043", rank: "VIP", firstName: "次郎" })
      })
    })
  },
})
