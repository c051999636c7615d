import { medusaIntegrationTestRunner } from "../helpers/runner"
import { type FakeSmaregi, startFakeSmaregi } from "../../dev/fake-smaregi/server"
import type { FakeRow } from "../../dev/fake-smaregi/types"
import { adminHeaders, registerCustomer } from "../helpers/auth"
import { sql } from "../helpers/sql"
import { Modules } from "@medusajs/framework/utils"
import { resumeStaleMemberImports } from "../../src/workflows/members/member-import"
import {
  FAKE_CONTRACT,
  SYNC_DELAY_MS,
  customerUpds,
  memberConnection,
  memberOf,
  publishableKey,
  smaregiOf,
  sleep,
  rowsOf,
  settleMemberSync,
  waitFor,
  waitForMemberStatus,
} from "./members-helpers"

jest.setTimeout(120_000)

// A contract that has been used at the register for years: members 1–40 and 1000, with codes and balances.
const EXISTING_IDS = [...Array.from({ length: 40 }, (_, i) => i + 1), 1000]
const existingMembers = () =>
  EXISTING_IDS.map((id) => ({
    customerId: id,
    customerCode: `R${String(id).padStart(6, "0")}`,
    lastName: "既存",
    firstName: `会員${id}`,
    mailAddress: `member${id}@register.example.jp`,
    point: id * 7,
    pointExpireDate: "2027-12-31",
  }))

const snapshot = (fake: FakeSmaregi): Map<string, FakeRow> => new Map([...fake.members].map(([id, row]) => [id, { ...row }]))

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let fake: FakeSmaregi

    beforeAll(async () => {
      fake = await startFakeSmaregi({ port: 0, contracts: [FAKE_CONTRACT] })
    })
    afterAll(async () => {
      await fake.stop()
    })
    beforeEach(() => {
      fake.reset()
      fake.seedMembers(existingMembers())
    })
    afterEach(async () => {
      process.env.SMAREGI_MEMBER_SYNC_DELAY_MS = String(SYNC_DELAY_MS)
      delete process.env.SMAREGI_MEMBER_ID_CLEARANCE_MS
      await settleMemberSync(getContainer())
    })

    const expectExistingUnchanged = (before: Map<string, FakeRow>) => {
      for (const id of EXISTING_IDS.map(String)) expect(fake.members.get(id)).toEqual(before.get(id))
    }

    it("gives a new web member an id above Smaregi's highest, changes no existing member, and shows the floor", async () => {
      const container = getContainer()
      // customerIdStart 1 (the default) would have overwritten member 1.
      const connection = await memberConnection(container, fake, { customerIdStart: 1 })
      const before = snapshot(fake)
      const pk = await publishableKey(container)
      const { customer } = await registerCustomer(api, pk, { email: "new@example.jp", first_name: "花子", last_name: "山田" })

      const member = await waitForMemberStatus(container, customer.id, "synced")
      expect(member.smaregi_customer_id).toBe("1001")
      expect(fake.members.get("1001")).toMatchObject({ customerCode: member.customer_code, mailAddress: "new@example.jp" })
      expectExistingUnchanged(before)
      expect(fake.members.size).toBe(EXISTING_IDS.length + 1)
      for (const request of customerUpds(fake)) {
        for (const row of rowsOf(request)) expect(EXISTING_IDS.map(String)).not.toContain(row.customerId)
      }

      const floorReads = fake.requests.filter(
        (r) => r.procName === "customer_ref" && JSON.stringify((r.params as { order?: unknown }).order) === '["customerId desc"]'
      )
      expect(floorReads).toHaveLength(1)
      expect(floorReads[0].params).toMatchObject({ table_name: "Customer", fields: ["customerId"], limit: 1 })

      const { data } = await api.get(`/admin/smaregi/connections/${connection.id}`, await adminHeaders(container))
      expect(data.connection).toMatchObject({ customer_id_floor: 1000, customer_id_floor_read_at: expect.any(String) })
      expect(Date.now() - new Date(data.connection.customer_id_floor_read_at).getTime()).toBeLessThan(60_000)
    })

    it("skips an id a register member took between the floor read and the first write, never overwriting it", async () => {
      const container = getContainer()
      // A window wide enough to create a member "at the register" before the push.
      process.env.SMAREGI_MEMBER_SYNC_DELAY_MS = "2500"
      await memberConnection(container, fake, { customerIdStart: 1 })
      const pk = await publishableKey(container)
      const { customer } = await registerCustomer(api, pk, { email: "race@example.jp", first_name: "太郎", last_name: "佐藤" })

      const pending = await waitFor(async () => memberOf(container, customer.id), "the pending member")
      expect(pending).toMatchObject({ status: "pending", smaregi_customer_id: "1001" })
      expect(customerUpds(fake)).toHaveLength(0)
      const registerMade = { customerId: 1001, customerCode: "R001001", lastName: "店頭", firstName: "登録", point: 55 }
      fake.seedMembers([registerMade])
      const before = snapshot(fake)

      const member = await waitForMemberStatus(container, customer.id, "synced")
      expect(member.smaregi_customer_id).toBe("1002")
      expect(fake.members.get("1001")).toEqual(before.get("1001"))
      expect(fake.members.get("1001")).toMatchObject({ customerCode: "R001001", lastName: "店頭", point: "55" })
      expect(fake.members.get("1002")).toMatchObject({ customerCode: member.customer_code, mailAddress: "race@example.jp" })
      expectExistingUnchanged(before)
      const written = customerUpds(fake).flatMap((r) => rowsOf(r).map((row) => row.customerId))
      expect(written).toEqual(["1002"])
    })
    it("one customer_ref clears twice the ids a clearance can write (5/s × 100 × 10 s × 2) for a while; with SMAREGI_MEMBER_ID_CLEARANCE_MS=0 every first write looks again", async () => {
      const container = getContainer()
      await memberConnection(container, fake, { customerIdStart: 1 })
      const pk = await publishableKey(container)
      const idChecks = () =>
        fake.requests.filter((r) => r.procName === "customer_ref" && JSON.stringify((r.params as { conditions?: unknown }).conditions ?? []).includes("customerId >="))
      const signUp = async (email: string) => {
        const { customer } = await registerCustomer(api, pk, { email, first_name: "花子", last_name: "山田" })
        return (await waitForMemberStatus(container, customer.id, "synced")).smaregi_customer_id
      }

      expect(await signUp("first@example.jp")).toBe("1001")
      expect(idChecks().map((r) => (r.params as { conditions: unknown }).conditions)).toEqual([[{ "customerId >=": "1001", "customerId <=": "11000" }]])
      expect(await signUp("second@example.jp")).toBe("1002")
      expect(idChecks()).toHaveLength(1)

      process.env.SMAREGI_MEMBER_ID_CLEARANCE_MS = "0"
      fake.seedMembers([{ customerId: 1003, customerCode: "R001003", lastName: "店頭", firstName: "登録", point: 30 }])
      const before = snapshot(fake)
      expect(await signUp("third@example.jp")).toBe("1004")
      expect(fake.members.get("1003")).toEqual(before.get("1003"))
      expect(idChecks().slice(1).map((r) => (r.params as { conditions: unknown }).conditions)).toEqual([
        [{ "customerId >=": "1003", "customerId <=": "1003" }],
        [{ "customerId >=": "1004", "customerId <=": "1004" }],
      ])
      expectExistingUnchanged(before)
    })
    const balanceOf = async (customerId: string, admin: Record<string, unknown>) =>
      (await api.get(`/admin/points/customers/${customerId}`, admin)).data as {
        balance: number
        nearest_expiry: string | null
        history: Array<{ kind: string; amount: number; source_key: string }>
      }

    async function waitForImport(connectionId: string, runId: string, admin: Record<string, unknown>, until: (run: Record<string, unknown>) => boolean) {
      return waitFor(async () => {
        const { data } = await api.get(`/admin/smaregi/connections/${connectionId}/import-members/${runId}`, admin)
        return until(data.run) ? (data.run as Record<string, unknown>) : undefined
      }, `member import ${runId}`)
    }

    describe("importing the contract's members", () => {
      it("creates customers with their balances, proposes (never makes) e-mail links, and a re-run duplicates nothing", async () => {
        const container = getContainer()
        const connection = await memberConnection(container, fake, { memberSyncEnabled: false })
        const pk = await publishableKey(container)
        // A web customer who is also member 5 at the register.
        const { customer: web } = await registerCustomer(api, pk, { email: "member5@register.example.jp", first_name: "五郎", last_name: "山本" })
        const admin = await adminHeaders(container)
        const before = snapshot(fake)

        const { data: preview } = await api.get(`/admin/smaregi/connections/${connection.id}/import-members/preview`, admin)
        expect(preview.preview).toEqual({ total: 41, to_create: 40, to_propose: 1, already_linked: 0, already_proposed: 0, conflicts: 0, skipped: 0 })
        expect(await smaregiOf(container).listSmaregiMembers({ connection_id: connection.id })).toHaveLength(0)

        const started = await api.post(`/admin/smaregi/connections/${connection.id}/import-members`, {}, admin)
        expect(started.status).toBe(202)
        const run = await waitForImport(connection.id, started.data.run_id, admin, (r) => r.status !== "running")
        expect(run).toMatchObject({ status: "done", total: 41, processed: 41, created: 40, proposed: 1, already_linked: 0, error: null })
        for (const request of fake.requests.filter((r) => r.procName === "customer_ref")) {
          expect((request.params as { limit?: number }).limit ?? 100).toBeLessThanOrEqual(500)
        }

        // Nothing was written to Smaregi.
        expect(customerUpds(fake)).toHaveLength(0)
        expectExistingUnchanged(before)

        const customers = container.resolve(Modules.CUSTOMER)
        const [imported] = await customers.listCustomers({ email: "member1000@register.example.jp" })
        expect(imported).toMatchObject({ has_account: false, last_name: "既存", first_name: "会員1000" })
        expect(imported.metadata).toMatchObject({ smaregi_member_code: "R001000", smaregi_sync_status: "synced" })
        const member1000 = await memberOf(container, imported.id)
        expect(member1000).toMatchObject({ status: "synced", smaregi_customer_id: "1000", customer_code: "R001000", linked_existing: true, link_source: "import" })
        const points1000 = await balanceOf(imported.id, admin)
        expect(points1000.balance).toBe(7000)
        expect(points1000.history).toEqual([expect.objectContaining({ kind: "opening_balance", amount: 7000 })])
        expect(points1000.nearest_expiry?.slice(0, 10)).toBe("2027-12-31")

        // Member 5 is only proposed for the web customer: no points, no barcode, no push.
        const proposal = await memberOf(container, web.id)
        expect(proposal).toMatchObject({ status: "link_pending", smaregi_customer_id: "5", customer_code: "R000005", link_source: "import" })
        expect((await balanceOf(web.id, admin)).balance).toBe(0)
        expect(await customers.listCustomers({ email: "member5@register.example.jp" })).toHaveLength(1)

        // Again: a second run finds everything in place.
        const again = await api.post(`/admin/smaregi/connections/${connection.id}/import-members`, {}, admin)
        const second = await waitForImport(connection.id, again.data.run_id, admin, (r) => r.status !== "running")
        expect(second).toMatchObject({ status: "done", processed: 41, created: 0, proposed: 0, already_linked: 41 })
        expect(await smaregiOf(container).listSmaregiMembers({ connection_id: connection.id })).toHaveLength(41)
        const [, count] = await customers.listAndCountCustomers({})
        expect(count).toBe(41)
        expect((await balanceOf(imported.id, admin)).history).toHaveLength(1)

        // Approval links member 5: its Smaregi balance opens the customer's ledger, once.
        const { data: approval } = await api.post(`/admin/smaregi/members/links/approve`, { member_ids: [proposal.id, proposal.id] }, admin)
        expect(approval).toEqual({ approved: [{ id: proposal.id, customer_id: web.id }], refused: [] })
        expect((await balanceOf(web.id, admin)).balance).toBe(35)
        const { data: repeat } = await api.post(`/admin/smaregi/members/links/approve`, { member_ids: [proposal.id] }, admin)
        expect(repeat.refused).toEqual([expect.objectContaining({ id: proposal.id, reason: "not_pending" })])
        expect((await balanceOf(web.id, admin)).balance).toBe(35)
        expect(customerUpds(fake)).toHaveLength(0)
      })

      it("resumes an import Smaregi interrupted, from where it stopped", async () => {
        const container = getContainer()
        const connection = await memberConnection(container, fake, { memberSyncEnabled: false })
        const admin = await adminHeaders(container)
        fake.fault({ status: 503, times: -1, procedures: ["customer_ref"] })
        const started = await api.post(`/admin/smaregi/connections/${connection.id}/import-members`, {}, admin)
        const stalled = await waitForImport(connection.id, started.data.run_id, admin, (r) => typeof r.error === "string")
        expect(stalled).toMatchObject({ status: "running", processed: 0, error: expect.stringContaining("resumes automatically") })
        const duplicate = await api.post(`/admin/smaregi/connections/${connection.id}/import-members`, {}, admin)
        expect(duplicate.data).toEqual({ run_id: started.data.run_id, started: false })

        fake.clearFaults()
        expect(await resumeStaleMemberImports(container, 0)).toEqual([started.data.run_id])
        const run = await waitForImport(connection.id, started.data.run_id, admin, (r) => r.status !== "running")
        expect(run).toMatchObject({ status: "done", processed: 41, created: 41, error: null })
      })

      it("imports a contract of several pages, every member once, and refreshes the member table's statistics", async () => {
        const container = getContainer()
        const connection = await memberConnection(container, fake, { memberSyncEnabled: false })
        const admin = await adminHeaders(container)
        fake.seedMembers(
          Array.from({ length: 260 }, (_, i) => ({ customerId: 2001 + i, customerCode: `R${2001 + i}`, lastName: "多数", firstName: `会員${i}` }))
        )
        const startedAt = new Date()
        const started = await api.post(`/admin/smaregi/connections/${connection.id}/import-members`, {}, admin)
        const run = await waitForImport(connection.id, started.data.run_id, admin, (r) => r.status !== "running")
        expect(run).toMatchObject({ status: "done", total: 301, processed: 301, created: 301, conflicts: 0, error: null })
        const members = await smaregiOf(container).listSmaregiMembers({ connection_id: connection.id }, { take: null })
        expect(new Set(members.map((m) => m.smaregi_customer_id)).size).toBe(301)
        expect(customerUpds(fake)).toHaveLength(0)

        await waitFor(async () => {
          const [stats] = await sql(container, `SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'smaregi_member'`)
          return stats?.last_analyze && new Date(stats.last_analyze as string) >= startedAt
        }, "the member table analyzed by the import")
      })

      it("ends failed, naming Smaregi's error, when Smaregi refuses the read", async () => {
        const container = getContainer()
        const connection = await memberConnection(container, fake, { memberSyncEnabled: false })
        const admin = await adminHeaders(container)
        fake.fault({ smaregiError: { code: 13, message: "契約IDが不正です" }, times: -1, procedures: ["customer_ref"] })
        const started = await api.post(`/admin/smaregi/connections/${connection.id}/import-members`, {}, admin)
        const run = await waitForImport(connection.id, started.data.run_id, admin, (r) => r.status !== "running")
        expect(run).toMatchObject({ status: "failed", processed: 0, error: expect.stringContaining("契約IDが不正です") })
        expect(await container.resolve(Modules.CUSTOMER).listCustomers({})).toHaveLength(0)
      })

      it("answers 404 for an unknown connection or run", async () => {
        const container = getContainer()
        const connection = await memberConnection(container, fake, { memberSyncEnabled: false })
        const admin = { ...(await adminHeaders(container)), validateStatus: () => true }
        expect((await api.post(`/admin/smaregi/connections/smconn_nope/import-members`, {}, admin)).status).toBe(404)
        const missing = await api.get(`/admin/smaregi/connections/${connection.id}/import-members/smimp_nope`, admin)
        expect(missing.status).toBe(404)
        expect(missing.data.message).toContain("smimp_nope")
      })
    })

    describe("a sign-up with a register member's e-mail", () => {
      it("cannot take the member over; approval links it and sends its real balance, never 0", async () => {
        const container = getContainer()
        await memberConnection(container, fake, { linkExistingBy: "email", sendPoints: true })
        const before = snapshot(fake)
        const pk = await publishableKey(container)
        const { customer, headers } = await registerCustomer(api, pk, { email: "member9@register.example.jp", first_name: "九", last_name: "田中" })

        const proposal = await waitForMemberStatus(container, customer.id, "link_pending")
        expect(proposal).toMatchObject({ smaregi_customer_id: "9", customer_code: "R000009" })
        await sleep(SYNC_DELAY_MS * 4 + 400)
        expect(customerUpds(fake)).toHaveLength(0)
        expectExistingUnchanged(before)
        const card = await api.get("/store/customers/me/smaregi-barcode?format=json", { headers, validateStatus: () => true })
        expect(card.status).toBe(404)

        const admin = await adminHeaders(container)
        await api.post(`/admin/smaregi/members/${proposal.id}/link/approve`, {}, admin)
        await waitForMemberStatus(container, customer.id, "synced")
        const written = customerUpds(fake).flatMap(rowsOf)
        expect(written).toEqual([expect.objectContaining({ customerId: "9", customerCode: "R000009", lastName: "田中", point: "63" })])
        expect(fake.members.get("9")).toMatchObject({ point: "63", lastName: "田中", customerCode: "R000009" })
        expect(fake.members.size).toBe(EXISTING_IDS.length)
      })

      it("refuses to approve a link whose Smaregi member was withdrawn meanwhile", async () => {
        const container = getContainer()
        await memberConnection(container, fake, { linkExistingBy: "email" })
        const pk = await publishableKey(container)
        const { customer } = await registerCustomer(api, pk, { email: "member3@register.example.jp", first_name: "三", last_name: "佐藤" })
        const proposal = await waitForMemberStatus(container, customer.id, "link_pending")
        fake.seedMembers([{ ...existingMembers()[2], status: 3 }])

        const admin = { ...(await adminHeaders(container)), validateStatus: () => true }
        const refused = await api.post(`/admin/smaregi/members/${proposal.id}/link/approve`, {}, admin)
        expect(refused.status).toBe(409)
        expect(refused.data).toMatchObject({ code: "smaregi_member_changed", message: expect.stringContaining("is withdrawn or merged in Smaregi") })
        expect(await memberOf(container, customer.id)).toMatchObject({ status: "link_pending" })
        expect((await balanceOf(customer.id, admin)).history).toHaveLength(0)
        expect(customerUpds(fake)).toHaveLength(0)
      })

      it("a member linked before balances were opened gets Smaregi's balance first, never 0", async () => {
        const container = getContainer()
        const connection = await memberConnection(container, fake, { sendPoints: true, linkExistingBy: "email" })
        const customers = container.resolve(Modules.CUSTOMER)
        // As left by an earlier version: linked to member 12, no opening balance in the ledger.
        const [customer] = await customers.createCustomers([{ email: "member12@register.example.jp", last_name: "既存", first_name: "会員12", has_account: true }])
        await smaregiOf(container).createSmaregiMembers({
          connection_id: connection.id,
          customer_id: customer.id,
          smaregi_customer_id: "12",
          customer_code: "R000012",
          linked_existing: true,
          status: "synced",
        })
        const admin = await adminHeaders(container)
        await api.post(`/admin/smaregi/members/${(await memberOf(container, customer.id)).id}/resync`, {}, admin)
        await waitFor(async () => customerUpds(fake).length > 0 && (await memberOf(container, customer.id)).status === "synced", "the push")
        expect(customerUpds(fake).flatMap(rowsOf)).toEqual([expect.objectContaining({ customerId: "12", point: "84" })])
        expect(fake.members.get("12")).toMatchObject({ point: "84" })
        expect((await balanceOf(customer.id, admin)).history).toEqual([expect.objectContaining({ kind: "opening_balance", amount: 84 })])
      })

      it("when Smaregi's balance cannot be read, such a member is pushed without point fields and Smaregi keeps its balance", async () => {
        const container = getContainer()
        const connection = await memberConnection(container, fake, { sendPoints: true })
        const customers = container.resolve(Modules.CUSTOMER)
        const [customer] = await customers.createCustomers([{ email: "member12@register.example.jp", last_name: "既存", first_name: "会員12", has_account: true }])
        await smaregiOf(container).createSmaregiMembers({
          connection_id: connection.id,
          customer_id: customer.id,
          smaregi_customer_id: "12",
          customer_code: "R000012",
          linked_existing: true,
          status: "synced",
        })
        fake.fault({ status: 503, times: -1, procedures: ["customer_ref"] })
        const admin = await adminHeaders(container)
        await api.post(`/admin/smaregi/members/${(await memberOf(container, customer.id)).id}/resync`, {}, admin)
        await waitFor(async () => customerUpds(fake).length > 0 && (await memberOf(container, customer.id)).status === "synced", "the push")
        const [row] = customerUpds(fake).flatMap(rowsOf)
        expect(row).toMatchObject({ customerId: "12", customerCode: "R000012" })
        expect(row).not.toHaveProperty("point")
        expect(fake.members.get("12")).toMatchObject({ point: "84" })
        expect((await balanceOf(customer.id, admin)).history).toHaveLength(0)
      })
    })
  },
})
