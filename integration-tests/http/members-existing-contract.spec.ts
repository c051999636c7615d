import { medusaIntegrationTestRunner } from "../helpers/runner"
import { type FakeRow, type FakeSmaregi, startFakeSmaregi } from "../../dev/fake-smaregi/server"
import { adminHeaders, registerCustomer } from "../helpers/auth"
import {
  FAKE_CONTRACT,
  SYNC_DELAY_MS,
  customerUpds,
  memberConnection,
  memberOf,
  publishableKey,
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
      await settleMemberSync()
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
  },
})
