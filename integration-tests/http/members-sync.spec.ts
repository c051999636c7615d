import { medusaIntegrationTestRunner } from "../helpers/runner"
import { Modules } from "@medusajs/framework/utils"
import { type FakeSmaregi, startFakeSmaregi } from "../../dev/fake-smaregi/server"
import { adminHeaders, registerCustomer } from "../helpers/auth"
import {
  ERROR_MAIL,
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
  smaregiOf,
  waitFor,
  waitForMemberStatus,
  UPD_ONLY,
} from "./members-helpers"
import retrySmaregiMemberSync from "../../src/jobs/retry-smaregi-member-sync"
import { enqueueMemberSyncWorkflow } from "../../src/workflows/members/enqueue-member-sync"
import { requestMemberSync } from "../../src/workflows/members/request-member-sync"
import { SmaregiEvents } from "../../src/events"
import { adjustPointsWorkflow } from "../../src/workflows/points/adjust-points"

jest.setTimeout(120_000)

// Longer than the coalescing window plus a push: anything still to come would have arrived.
const QUIET_MS = SYNC_DELAY_MS * 4 + 400

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

    describe("failures", () => {
      it("marks a member failed on error 41 with Smaregi's message, mails once and does not retry", async () => {
        const container = getContainer()
        await memberConnection(container, fake)
        fake.fault({ smaregiError: { code: 41, message: "入力値が不正です。(lastName:必須項目です)" }, ...UPD_ONLY })
        const pk = await publishableKey(container)
        const { customer } = await register(pk, "refused@example.jp")

        const member = await waitForMemberStatus(container, customer.id, "failed")
        expect(member.last_error_code).toBe("41")
        expect(member.last_error).toContain("入力値が不正です。(lastName:必須項目です)")
        await sleep(QUIET_MS)
        await retrySmaregiMemberSync(container)
        expect(customerUpds(fake)).toHaveLength(1)

        const notifications = await waitFor(async () => {
          const list = await container.resolve(Modules.NOTIFICATION).listNotifications({})
          return list.length ? list : undefined
        }, "the error mail")
        expect(notifications).toHaveLength(1)
        expect(notifications[0]).toMatchObject({ to: ERROR_MAIL, channel: "email", template: "smaregi-member-sync-failed" })
        expect(JSON.stringify(notifications[0].data)).toContain("入力値が不正です。(lastName:必須項目です)")
        const saved = await container.resolve(Modules.CUSTOMER).retrieveCustomer(customer.id)
        expect(saved.metadata).toMatchObject({ smaregi_sync_status: "failed", smaregi_member_code: "M000001000" })

        const admin = await adminHeaders(container)
        const resync = await api.post(`/admin/smaregi/members/${member.id}/resync`, {}, admin)
        expect(resync.data.queued).toBe(true)
        await waitForMemberStatus(container, customer.id, "synced")
        expect(customerUpds(fake)).toHaveLength(2)
      })

      it("retries 5xx and stalls with backoff until synced, without a duplicate member", async () => {
        const container = getContainer()
        await memberConnection(container, fake)
        fake.fault({ status: 500, times: 3, ...UPD_ONLY })
        fake.fault({ stallMs: 1500, times: 3, ...UPD_ONLY })
        const pk = await publishableKey(container)
        const { customer } = await register(pk, "flaky@example.jp")

        const retrying = await waitFor(async () => {
          const m = await memberOf(container, customer.id)
          return m && m.attempts > 0 ? m : undefined
        }, "a recorded transient failure")
        expect(retrying.status).toBe("pending")
        expect(retrying.last_error_code).toBe("timeout")

        const member = await waitForMemberStatus(container, customer.id, "synced", 30_000)
        expect(member).toMatchObject({ attempts: 0, last_error: null })
        const upds = customerUpds(fake)
        expect(upds.length).toBeGreaterThanOrEqual(7)
        expect(new Set(upds.filter((r) => r.params).map((r) => rowsOf(r)[0].customerId))).toEqual(new Set(["1000"]))
        expect([...fake.members.keys()]).toEqual(["1000"])
        expect(await container.resolve(Modules.NOTIFICATION).listNotifications({})).toHaveLength(0)
      })

      it("isolates the bad row of a refused batch so the good rows still sync", async () => {
        const container = getContainer()
        await memberConnection(container, fake)
        const customers = await container.resolve(Modules.CUSTOMER).createCustomers(
          ["a", "b", "c", "d"].map((n) => ({ email: `${n}@example.jp`, first_name: n, last_name: "Batch", has_account: true }))
        )
        // The batch of 4, then [a, b], then [a] are refused: a alone is the bad row.
        fake.fault({ smaregiError: { code: 41, message: "入力値が不正です。" }, times: 3, ...UPD_ONLY })
        await container.resolve(Modules.EVENT_BUS).emit({
          name: SmaregiEvents.MEMBER_SYNC_REQUESTED,
          data: { customer_ids: customers.map((c) => c.id) },
        })
        const ordered = [...customers].sort((x, y) => (x.id < y.id ? -1 : 1))
        await waitFor(async () => {
          const members = await smaregiOf(container).listSmaregiMembers({})
          return members.length === 4 && members.every((m) => m.status !== "pending")
        }, "all four members settled")
        const statuses = await Promise.all(ordered.map(async (c) => (await memberOf(container, c.id)).status))
        expect(statuses.filter((s) => s === "failed")).toHaveLength(1)
        expect(statuses.filter((s) => s === "synced")).toHaveLength(3)
        const calls = customerUpds(fake)
        expect(calls.map((r) => r.errorCode)).toEqual([41, 41, 41, null, null])
        expect(calls.slice(3).map((r) => rowsOf(r).length)).toEqual([1, 2])
        await waitFor(async () => (await container.resolve(Modules.NOTIFICATION).listNotifications({})).length === 1, "the error mail")
      })

      it("lets the retry job push members whose flush never ran", async () => {
        const container = getContainer()
        await memberConnection(container, fake)
        const [customer] = await container.resolve(Modules.CUSTOMER).createCustomers([
          { email: "job@example.jp", first_name: "Job", last_name: "Retry", has_account: true },
        ])
        // Enqueued without scheduling a flush, as if the process had died before its push.
        await enqueueMemberSyncWorkflow(container).run({ input: { customer_ids: [customer.id], delay_ms: 0 } })
        expect((await memberOf(container, customer.id)).status).toBe("pending")
        expect(customerUpds(fake)).toHaveLength(0)
        await retrySmaregiMemberSync(container)
        expect((await memberOf(container, customer.id)).status).toBe("synced")
        expect(customerUpds(fake)).toHaveLength(1)
      })
    })

    describe("rows Smaregi accepts (issue 13)", () => {
      it("pushes a customer with no metadata and no names as a row carrying every required field, and the fake accepts it", async () => {
        const container = getContainer()
        await memberConnection(container, fake)
        const pk = await publishableKey(container)
        const { customer } = await registerCustomer(api, pk, { email: "bare@example.jp" })
        // As the store API created it; a read after this could already see the sync's metadata mirror.
        expect((customer as { metadata?: unknown }).metadata ?? null).toBeNull()

        await waitForMemberStatus(container, customer.id, "synced")
        const [request] = customerUpds(fake)
        expect(request.status).toBe(200)
        expect(rowsOf(request)).toEqual([
          { customerId: "1000", customerCode: "M000001000", lastName: "未設定", firstName: "未設定", sex: "0", mailAddress: "bare@example.jp" },
        ])
        expect(fake.members.get("1000")).toMatchObject({ sex: "0", lastName: "未設定" })
      })

      it("accepts kana written in half-width katakana, letters and digits", async () => {
        const container = getContainer()
        await memberConnection(container, fake)
        const pk = await publishableKey(container)
        const { customer } = await register(pk, "kana@example.jp", { metadata: { last_name_kana: "ﾔﾏﾀﾞ", first_name_kana: "Hanako 2" } })

        const member = await waitForMemberStatus(container, customer.id, "synced")
        expect(member.last_error).toBeNull()
        expect(rowsOf(customerUpds(fake)[0])[0]).toMatchObject({ lastKana: "ヤマダ", firstKana: "Hanako 2", sex: "0" })
        expect(fake.members.get("1000")).toMatchObject({ lastKana: "ヤマダ", firstKana: "Hanako 2" })
      })

      it("fails a member whose customerCode another Smaregi member already has with Smaregi's error 42, without retrying", async () => {
        const container = getContainer()
        await memberConnection(container, fake)
        fake.seedMembers([{ customerId: "5", customerCode: "M000001000", lastName: "既存", firstName: "会員", sex: "0" }])
        const pk = await publishableKey(container)
        const { customer } = await register(pk, "taken@example.jp")

        const member = await waitForMemberStatus(container, customer.id, "failed")
        expect(member).toMatchObject({ smaregi_customer_id: "1000", customer_code: "M000001000", last_error_code: "42" })
        expect(member.last_error).toContain("既に登録されています。(customerCode)")
        expect(customerUpds(fake).map((r) => r.errorCode)).toEqual([42])
        await sleep(QUIET_MS)
        await retrySmaregiMemberSync(container)
        expect(customerUpds(fake)).toHaveLength(1)
        expect([...fake.members.keys()]).toEqual(["5"])
        expect(fake.members.get("5")).toMatchObject({ lastName: "既存" })
      })
    })

    describe("identity", () => {
      it("never allocates the same customerId twice under concurrent enqueues", async () => {
        const container = getContainer()
        const connection = await memberConnection(container, fake)
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
        await memberConnection(container, fake, { linkExistingBy: "email" })
        const existing = { customerId: "77", customerCode: "POS0077", lastName: "既存", firstName: "会員", mailAddress: "existing@example.jp", point: 320 }
        fake.seedMembers([existing])
        const before = { ...fake.members.get("77") }
        const pk = await publishableKey(container)
        const { customer, headers } = await register(pk, "existing@example.jp")

        const proposed = await waitForMemberStatus(container, customer.id, "link_pending")
        expect(proposed).toMatchObject({ smaregi_customer_id: "77", customer_code: "POS0077", linked_existing: true, link_source: "signup" })
        await sleep(QUIET_MS)
        // Nothing pushed over the register's member, no barcode for the newcomer.
        expect(customerUpds(fake)).toHaveLength(0)
        expect(fake.members.get("77")).toEqual(before)
        expect([...fake.members.keys()]).toEqual(["77"])
        const barcode = await api.get("/store/customers/me/smaregi-barcode?format=json", { headers, validateStatus: () => true })
        expect(barcode.status).toBe(404)
        // A profile save while the link waits pushes nothing either.
        await api.post("/store/customers/me", { first_name: "花" }, { headers })
        await sleep(QUIET_MS)
        expect(customerUpds(fake)).toHaveLength(0)

        const admin = await adminHeaders(container)
        const listed = await api.get(`/admin/smaregi/members?status=link_pending`, admin)
        expect(listed.data.members.map((m: { id: string }) => m.id)).toEqual([proposed.id])

        const approved = await api.post(`/admin/smaregi/members/${proposed.id}/link/approve`, {}, admin)
        expect(approved.data.member).toMatchObject({ id: proposed.id, smaregi_customer_id: "77", customer_code: "POS0077" })
        const member = await waitForMemberStatus(container, customer.id, "synced")
        expect(member).toMatchObject({ smaregi_customer_id: "77", customer_code: "POS0077", linked_existing: true })
        expect(fake.members.get("77")).toMatchObject({ lastName: "山田", firstName: "花", customerCode: "POS0077", point: "320" })
        expect([...fake.members.keys()]).toEqual(["77"])
        const card = await api.get("/store/customers/me/smaregi-barcode?format=json", { headers })
        expect(card.data.code).toBe("POS0077")

        const again = await api.post(`/admin/smaregi/members/${proposed.id}/link/approve`, {}, { ...admin, validateStatus: () => true })
        expect(again.status).toBe(409)
        expect(again.data).toMatchObject({ code: "not_pending", message: expect.stringContaining("is not a pending link") })
      })

      it("a rejected link leaves the Smaregi member untouched and makes the customer a new member above the floor", async () => {
        const container = getContainer()
        await memberConnection(container, fake, { linkExistingBy: "email" })
        fake.seedMembers([{ customerId: "77", customerCode: "POS0077", lastName: "既存", firstName: "会員", mailAddress: "existing@example.jp" }])
        const before = { ...fake.members.get("77") }
        const pk = await publishableKey(container)
        const { customer } = await register(pk, "existing@example.jp")
        const proposed = await waitForMemberStatus(container, customer.id, "link_pending")

        const admin = await adminHeaders(container)
        const rejected = await api.post(`/admin/smaregi/members/${proposed.id}/link/reject`, {}, admin)
        expect(rejected.data.member).toMatchObject({ status: "pending", smaregi_customer_id: "1000", linked_existing: false })
        const member = await waitForMemberStatus(container, customer.id, "synced")
        expect(member).toMatchObject({ smaregi_customer_id: "1000", customer_code: "M000001000", link_rejected_smaregi_id: "77" })
        expect(fake.members.get("77")).toEqual(before)
        expect(fake.members.get("1000")).toMatchObject({ mailAddress: "existing@example.jp", lastName: "山田" })

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
        await memberConnection(container, fake, { linkExistingBy: "email", deletionPolicy: "delete" })
        fake.seedMembers([{ customerId: "77", customerCode: "POS0077", lastName: "既存", firstName: "会員", mailAddress: "gone@example.jp" }])
        const before = { ...fake.members.get("77") }
        const pk = await publishableKey(container)
        const { customer } = await register(pk, "gone@example.jp")
        await waitForMemberStatus(container, customer.id, "link_pending")

        await api.delete(`/admin/customers/${customer.id}`, await adminHeaders(container))
        await waitFor(async () => !(await memberOf(container, customer.id)), "the pending link to be dropped")
        await sleep(QUIET_MS)
        expect(customerUpds(fake)).toHaveLength(0)
        expect(fake.members.get("77")).toEqual(before)
      })

      it.each([
        ["withdraw", "withdrawn", "U"],
        ["delete", "deleted", "D"],
      ] as const)("policy %s: the member ends %s with proc_division %s", async (policy, status, division) => {
        const container = getContainer()
        await memberConnection(container, fake, { deletionPolicy: policy })
        const pk = await publishableKey(container)
        const { customer } = await register(pk, `${policy}@example.jp`)
        await waitForMemberStatus(container, customer.id, "synced")

        const admin = await adminHeaders(container)
        await api.delete(`/admin/customers/${customer.id}`, admin)
        await waitForMemberStatus(container, customer.id, status)
        const last = customerUpds(fake).at(-1)!
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
          expect(fake.members.get("1000")?.status).toBe("3")
        } else {
          expect(rowsOf(last)).toEqual([{ customerId: "1000" }])
          expect(fake.members.has("1000")).toBe(false)
        }
      })

      it("policy keep: nothing is sent", async () => {
        const container = getContainer()
        await memberConnection(container, fake, { deletionPolicy: "keep" })
        const pk = await publishableKey(container)
        const { customer } = await register(pk, "keep@example.jp")
        await waitForMemberStatus(container, customer.id, "synced")
        const admin = await adminHeaders(container)
        await api.delete(`/admin/customers/${customer.id}`, admin)
        await sleep(QUIET_MS)
        expect(customerUpds(fake)).toHaveLength(1)
        expect((await memberOf(container, customer.id)).status).toBe("synced")
      })
    })

    describe("admin API", () => {
      it("lists, filters, shows, resyncs and serves the customer widget", async () => {
        const container = getContainer()
        const connection = await memberConnection(container, fake)
        const pk = await publishableKey(container)
        const ok = await register(pk, "listed@example.jp")
        await waitForMemberStatus(container, ok.customer.id, "synced")
        fake.fault({ smaregiError: { code: 41 }, ...UPD_ONLY })
        const bad = await register(pk, "broken@example.jp")
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

        const before = customerUpds(fake).length
        await api.post(`/admin/smaregi/members/${all.data.members.find((m: { customer_id: string }) => m.customer_id === ok.customer.id).id}/resync`, {}, admin)
        await waitFor(async () => customerUpds(fake).length === before + 1, "the forced resync")
        await expect(api.get("/admin/smaregi/members?status=nope", admin)).rejects.toMatchObject({ response: { status: 400 } })
      })
    })
  },
})
