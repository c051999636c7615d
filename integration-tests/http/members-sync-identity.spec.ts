import { medusaIntegrationTestRunner } from "../helpers/runner"
import { Modules } from "@medusajs/framework/utils"
import { adminHeaders } from "../helpers/auth"
import {
  QUIET_MS,
  PLATFORM_CONTRACT,
  customerUpds,
  divisionOf,
  memberConnection,
  memberOf,
  publishableKey,
  rowsOf,
  memberSyncIdle,
  membersHarness,
  platformConnection,
  sleep,
  smaregiOf,
  waitFor,
  waitForMemberStatus,
  UPD_ONLY,
} from "./members-helpers"
import { requestMemberSync } from "../../src/workflows/members/request-member-sync"
import { adjustPointsWorkflow } from "../../src/workflows/points/adjust-points"

jest.setTimeout(120_000)


// Member sync, identity, link proposals, deletion and the admin API (the other members-sync-* files hold the rest).
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const h = membersHarness(api, getContainer, { platform: true })

    describe("identity", () => {
      it("never allocates the same customerId twice under concurrent enqueues", async () => {
        const container = getContainer()
        const connection = await memberConnection(container, h.fake)
        const customers = await container.resolve(Modules.CUSTOMER).createCustomers(
          Array.from({ length: 40 }, (_, i) => ({ email: `c${i}@example.jp`, first_name: `C${i}`, last_name: "並行", has_account: true }))
        )
        await Promise.all([
          ...customers.map((c) => requestMemberSync(container, [c.id], { delayMs: 60_000 })),
          ...customers.slice(0, 10).map((c) => requestMemberSync(container, [c.id], { delayMs: 60_000 })),
        ])
        const members = await smaregiOf(container).listSmaregiMembers({ connection_id: connection.id })
        expect(members).toHaveLength(40)
        expect(new Set(members.map((m) => m.smaregi_customer_id)).size).toBe(40)
        expect(new Set(members.map((m) => m.customer_code)).size).toBe(40)
        expect(members.every((m) => m.status === "pending")).toBe(true)
      })

      it("cannot take over an existing Smaregi member found by e-mail: the link waits for an admin, then approval links", async () => {
        const container = getContainer()
        await memberConnection(container, h.fake, { linkExistingBy: "email" })
        const existing = { customerId: "77", customerCode: "POS0077", lastName: "既存", firstName: "会員", mailAddress: "existing@example.jp", point: 320 }
        h.fake.seedMembers([existing])
        const before = { ...h.fake.members.get("77") }
        const pk = await publishableKey(container)
        const { customer, headers } = await h.register(pk, "existing@example.jp")

        const proposed = await waitForMemberStatus(container, customer.id, "link_pending")
        expect(proposed).toMatchObject({ smaregi_customer_id: "77", customer_code: "POS0077", linked_existing: true, link_source: "signup" })
        await sleep(QUIET_MS)
        // Nothing pushed over the register's member, no barcode for the newcomer.
        expect(customerUpds(h.fake)).toHaveLength(0)
        expect(h.fake.members.get("77")).toEqual(before)
        expect([...h.fake.members.keys()]).toEqual(["77"])
        const barcode = await api.get("/store/customers/me/smaregi-barcode?format=json", { headers, validateStatus: () => true })
        expect(barcode.status).toBe(404)
        // A profile save while the link waits pushes nothing either.
        await api.post("/store/customers/me", { first_name: "花" }, { headers })
        await sleep(QUIET_MS)
        expect(customerUpds(h.fake)).toHaveLength(0)

        const admin = await adminHeaders(container)
        const listed = await api.get(`/admin/smaregi/members?status=link_pending`, admin)
        expect(listed.data.members.map((m: { id: string }) => m.id)).toEqual([proposed.id])

        const approved = await api.post(`/admin/smaregi/members/${proposed.id}/link/approve`, {}, admin)
        expect(approved.data.member).toMatchObject({ id: proposed.id, smaregi_customer_id: "77", customer_code: "POS0077" })
        const member = await waitForMemberStatus(container, customer.id, "synced")
        expect(member).toMatchObject({ smaregi_customer_id: "77", customer_code: "POS0077", linked_existing: true })
        expect(h.fake.members.get("77")).toMatchObject({ lastName: "山田", firstName: "花", customerCode: "POS0077", point: "320" })
        expect([...h.fake.members.keys()]).toEqual(["77"])
        const card = await api.get("/store/customers/me/smaregi-barcode?format=json", { headers })
        expect(card.data.code).toBe("POS0077")

        const again = await api.post(`/admin/smaregi/members/${proposed.id}/link/approve`, {}, { ...admin, validateStatus: () => true })
        expect(again.status).toBe(409)
        expect(again.data).toMatchObject({ code: "not_pending", message: expect.stringContaining("is not a pending link") })
      })

      it("a rejected link leaves the Smaregi member untouched and makes the customer a new member above the floor", async () => {
        const container = getContainer()
        await memberConnection(container, h.fake, { linkExistingBy: "email" })
        h.fake.seedMembers([{ customerId: "77", customerCode: "POS0077", lastName: "既存", firstName: "会員", mailAddress: "existing@example.jp" }])
        const before = { ...h.fake.members.get("77") }
        const pk = await publishableKey(container)
        const { customer } = await h.register(pk, "existing@example.jp")
        const proposed = await waitForMemberStatus(container, customer.id, "link_pending")

        const admin = await adminHeaders(container)
        const rejected = await api.post(`/admin/smaregi/members/${proposed.id}/link/reject`, {}, admin)
        expect(rejected.data.member).toMatchObject({ status: "pending", smaregi_customer_id: "1000", linked_existing: false })
        const member = await waitForMemberStatus(container, customer.id, "synced")
        expect(member).toMatchObject({ smaregi_customer_id: "1000", customer_code: "M000001000", link_rejected_smaregi_id: "77" })
        expect(h.fake.members.get("77")).toEqual(before)
        expect(h.fake.members.get("1000")).toMatchObject({ mailAddress: "existing@example.jp", lastName: "山田" })

        const twice = await api.post(`/admin/smaregi/members/${proposed.id}/link/reject`, {}, { ...admin, validateStatus: () => true })
        expect(twice.status).toBe(400)
        expect(twice.data.message).toContain("is not a pending link")
      })

      it("refuses a bulk approval naming the problem, and approves what it can", async () => {
        const container = getContainer()
        const admin = await adminHeaders(container)
        const bad = await api.post(`/admin/smaregi/members/links/approve`, { member_ids: [] }, { ...admin, validateStatus: () => true })
        expect(bad.status).toBe(400)
        expect(bad.data.message).toContain("member_ids")
        const unknown = await api.post(`/admin/smaregi/members/links/approve`, { member_ids: ["smmem_nope"] }, admin)
        expect(unknown.data).toEqual({ approved: [], refused: [{ id: "smmem_nope", reason: "not_found", message: expect.stringContaining("was not found") }] })
      })
    })

    describe("deletion", () => {
      it("drops a pending link of a deleted customer without touching the Smaregi member", async () => {
        const container = getContainer()
        await memberConnection(container, h.fake, { linkExistingBy: "email", deletionPolicy: "delete" })
        h.fake.seedMembers([{ customerId: "77", customerCode: "POS0077", lastName: "既存", firstName: "会員", mailAddress: "gone@example.jp" }])
        const before = { ...h.fake.members.get("77") }
        const pk = await publishableKey(container)
        const { customer } = await h.register(pk, "gone@example.jp")
        await waitForMemberStatus(container, customer.id, "link_pending")

        await api.delete(`/admin/customers/${customer.id}`, await adminHeaders(container))
        await waitFor(async () => !(await memberOf(container, customer.id)), "the pending link to be dropped")
        await sleep(QUIET_MS)
        expect(customerUpds(h.fake)).toHaveLength(0)
        expect(h.fake.members.get("77")).toEqual(before)
      })

      it.each([
        ["withdraw", "withdrawn", "U"],
        ["delete", "deleted", "D"],
      ] as const)("policy %s: the member ends %s with proc_division %s", async (policy, status, division) => {
        const container = getContainer()
        await memberConnection(container, h.fake, { deletionPolicy: policy })
        const pk = await publishableKey(container)
        const { customer } = await h.register(pk, `${policy}@example.jp`)
        await waitForMemberStatus(container, customer.id, "synced")

        const admin = await adminHeaders(container)
        await api.delete(`/admin/customers/${customer.id}`, admin)
        await waitForMemberStatus(container, customer.id, status)
        const last = customerUpds(h.fake).at(-1)!
        expect(divisionOf(last)).toBe(division)
        if (division === "U") {
          expect(rowsOf(last)[0]).toMatchObject({
            customerId: "1000",
            customerCode: "M000001000",
            lastName: "山田",
            firstName: "花子",
            sex: "0",
            status: "3",
            leaveDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
          })
          expect(h.fake.members.get("1000")?.status).toBe("3")
        } else {
          expect(rowsOf(last)).toEqual([{ customerId: "1000" }])
          expect(h.fake.members.has("1000")).toBe(false)
        }
      })

      it("policy keep: nothing is sent", async () => {
        const container = getContainer()
        await memberConnection(container, h.fake, { deletionPolicy: "keep" })
        const pk = await publishableKey(container)
        const { customer } = await h.register(pk, "keep@example.jp")
        await waitForMemberStatus(container, customer.id, "synced")
        const admin = await adminHeaders(container)
        await api.delete(`/admin/customers/${customer.id}`, admin)
        await sleep(QUIET_MS)
        expect(customerUpds(h.fake)).toHaveLength(1)
        expect((await memberOf(container, customer.id)).status).toBe("synced")
      })
      it("Platform, policy withdraw with points sent: Smaregi keeps the balance the register left, a member gone there is withdrawn too", async () => {
        const container = getContainer()
        const platform = h.platform
        const stored = () => platform.customersOf(PLATFORM_CONTRACT.contractId)
        await platformConnection(container, platform, { deletionPolicy: "withdraw", sendPoints: true })
        const pk = await publishableKey(container)
        const kept = (await h.register(pk, "points-kept@example.jp")).customer
        const gone = (await h.register(pk, "points-gone@example.jp")).customer
        const keptId = (await waitForMemberStatus(container, kept.id, "synced")).smaregi_customer_id as string
        const goneId = (await waitForMemberStatus(container, gone.id, "synced")).smaregi_customer_id as string
        await adjustPointsWorkflow(container).run({ input: { customer_id: kept.id, amount: 500, reason: "test", actor: "test" } })
        await waitFor(async () => stored().get(keptId)?.point === "500" && (await memberSyncIdle(container)), "the balance of 500 in Smaregi")
        // At the register meanwhile: 20 points spent, and the other member deleted.
        ;(stored().get(keptId) as { point: string }).point = "480"
        stored().delete(goneId)
        const pointCalls = () => platform.requests.filter((r) => r.path.includes("/point")).length
        const before = pointCalls()

        const admin = await adminHeaders(container)
        await api.delete(`/admin/customers/${kept.id}`, admin)
        await api.delete(`/admin/customers/${gone.id}`, admin)
        await waitForMemberStatus(container, kept.id, "withdrawn")
        await waitForMemberStatus(container, gone.id, "withdrawn")
        expect(stored().get(keptId)).toMatchObject({ status: "3", point: "480" })
        expect(pointCalls()).toBe(before)
        expect([...stored().keys()]).toEqual([keptId])
      })
    })

    describe("admin API", () => {
      it("lists, filters, shows, resyncs and serves the customer widget", async () => {
        const container = getContainer()
        const connection = await memberConnection(container, h.fake)
        const pk = await publishableKey(container)
        const ok = await h.register(pk, "listed@example.jp")
        await waitForMemberStatus(container, ok.customer.id, "synced")
        h.fake.fault({ smaregiError: { code: 41 }, ...UPD_ONLY })
        const bad = await h.register(pk, "broken@example.jp")
        const failed = await waitForMemberStatus(container, bad.customer.id, "failed")
        const admin = await adminHeaders(container)

        const all = await api.get("/admin/smaregi/members", admin)
        expect(all.data).toMatchObject({ count: 2, offset: 0, limit: 50 })
        const onlyFailed = await api.get(`/admin/smaregi/members?status=failed&connection_id=${connection.id}`, admin)
        expect(onlyFailed.data.members.map((m: { customer_id: string }) => m.customer_id)).toEqual([bad.customer.id])
        expect(onlyFailed.data.members[0]).toMatchObject({ last_error_code: "41", customer: { email: "broken@example.jp" } })
        const byEmail = await api.get("/admin/smaregi/members?q=listed", admin)
        expect(byEmail.data.members.map((m: { customer_id: string }) => m.customer_id)).toEqual([ok.customer.id])
        const byCode = await api.get("/admin/smaregi/members?q=M000001001", admin)
        expect(byCode.data.count).toBe(1)
        const page = await api.get("/admin/smaregi/members?limit=1&offset=1", admin)
        expect(page.data).toMatchObject({ count: 2, limit: 1, offset: 1 })
        expect(page.data.members).toHaveLength(1)

        const detail = await api.get(`/admin/smaregi/members/${failed.id}`, admin)
        expect(detail.data.member).toMatchObject({ id: failed.id, status: "failed", last_payload: null })
        const widget = await api.get(`/admin/smaregi/customers/${ok.customer.id}/member`, admin)
        expect(widget.data.member).toMatchObject({ customer_code: "M000001000", status: "synced", last_payload: { customerId: "1000" } })
        const none = await api.get(`/admin/smaregi/customers/cus_nobody/member`, admin)
        expect(none.data).toEqual({ member: null, members: [] })

        const resync = await api.post("/admin/smaregi/members/resync-failed", {}, admin)
        expect(resync.data).toEqual({ failed: 1, queued: 1, skipped: 0 })
        await waitForMemberStatus(container, bad.customer.id, "synced")

        const before = customerUpds(h.fake).length
        await api.post(`/admin/smaregi/members/${all.data.members.find((m: { customer_id: string }) => m.customer_id === ok.customer.id).id}/resync`, {}, admin)
        await waitFor(async () => customerUpds(h.fake).length === before + 1, "the forced resync")
        await expect(api.get("/admin/smaregi/members?status=nope", admin)).rejects.toMatchObject({ response: { status: 400 } })
      })
    })
  },
})
