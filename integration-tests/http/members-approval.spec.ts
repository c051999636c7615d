import { medusaIntegrationTestRunner } from "../helpers/runner"
import { Modules } from "@medusajs/framework/utils"
import { createCustomersWorkflow } from "@medusajs/medusa/core-flows"
import { adminHeaders, registerCustomer } from "../helpers/auth"
import {
  QUIET_MS,
  customerUpds,
  memberConnection,
  publishableKey,
  rowsOf,
  membersHarness,
  sleep,
  smaregiOf,
  waitFor,
  waitForMemberStatus,
} from "./members-helpers"

jest.setTimeout(120_000)


medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const h = membersHarness(api, getContainer)

    async function approvalGroup(admin: Awaited<ReturnType<typeof adminHeaders>>) {
      return (await api.post("/admin/customer-groups", { name: "Approved members" }, admin)).data.customer_group as { id: string }
    }

    it("never pushes guests nor a customer who approves themselves through their metadata; an admin adding them to the group does", async () => {
      const container = getContainer()
      const admin = await adminHeaders(container)
      const group = await approvalGroup(admin)
      await memberConnection(container, h.fake, { approvalCustomerGroupId: group.id })
      await createCustomersWorkflow(container).run({ input: { customersData: [{ email: "guest@example.jp", has_account: false }] } })
      const pk = await publishableKey(container)
      const { customer, headers } = await registerCustomer(api, pk, { email: "waiting@example.jp", first_name: "花子", last_name: "山田" })
      // Every way a customer could try to approve themselves: the old metadata flag, and a group id in metadata.
      await api.post("/store/customers/me", { metadata: { smaregi_approved: "true", approved: true, customer_group_id: group.id } }, { headers })
      const saved = await container.resolve(Modules.CUSTOMER).retrieveCustomer(customer.id, { relations: ["groups"] })
      expect(saved.metadata).toMatchObject({ smaregi_approved: "true" })
      await sleep(QUIET_MS)
      expect(customerUpds(h.fake)).toHaveLength(0)
      expect(await smaregiOf(container).listSmaregiMembers({})).toHaveLength(0)

      await api.post(`/admin/customer-groups/${group.id}/customers`, { add: [customer.id] }, admin)
      const member = await waitForMemberStatus(container, customer.id, "synced")
      expect(customerUpds(h.fake)).toHaveLength(1)
      expect(rowsOf(customerUpds(h.fake)[0])[0]).toMatchObject({ customerId: member.smaregi_customer_id, mailAddress: "waiting@example.jp" })

      // Removed from the group: their later changes are no longer pushed.
      await api.post(`/admin/customer-groups/${group.id}/customers`, { remove: [customer.id] }, admin)
      await api.post("/store/customers/me", { first_name: "次郎" }, { headers })
      await sleep(QUIET_MS)
      expect(customerUpds(h.fake)).toHaveLength(1)
    })

    it("counts only the approval group's registered members in a dry run, and the backfill skips the others", async () => {
      const container = getContainer()
      const admin = await adminHeaders(container)
      const group = await approvalGroup(admin)
      const connection = await memberConnection(container, h.fake, { approvalCustomerGroupId: group.id, memberBatchSize: 2 })
      const customers = container.resolve(Modules.CUSTOMER)
      const [a, b, , d] = await customers.createCustomers([
        { email: "a@example.jp", has_account: true },
        { email: "b@example.jp", has_account: true },
        { email: "c@example.jp", has_account: true, metadata: { approved: true } },
        { email: "d@example.jp", has_account: false },
      ])
      await customers.addCustomerToGroup([a, b, d].map((c) => ({ customer_id: c.id, customer_group_id: group.id })))
      // Joining the group already syncs the registered ones; the backfill finds them unchanged.
      await waitForMemberStatus(container, a.id, "synced")
      await waitForMemberStatus(container, b.id, "synced")
      const dry = await api.post("/admin/smaregi/members/backfill", { connection_id: connection.id, dry_run: true }, admin)
      expect(dry.data.count).toMatchObject({ registered: 3, eligible: 2 })

      const started = await api.post("/admin/smaregi/members/backfill", { connection_id: connection.id }, admin)
      const id = started.data.backfill.id
      const done = await waitFor(async () => {
        const progress = (await api.get(`/admin/smaregi/members/backfill/${id}`, admin)).data.backfill
        return progress.status === "completed" ? progress : undefined
      }, "the backfill to complete")
      expect(done).toMatchObject({ total: 3, done: 2, skipped: 1, failed: 0, remaining: 0 })
      expect(new Set([...h.fake.members.values()].map((m) => m.mailAddress))).toEqual(new Set(["a@example.jp", "b@example.jp"]))
      expect((await smaregiOf(container).listSmaregiMembers({})).map((m) => m.customer_id).sort()).toEqual([a.id, b.id].sort())
    })

    it("pauses member sync of a connection saved with the removed approval metadata key until an admin picks a group", async () => {
      const container = getContainer()
      const admin = await adminHeaders(container)
      const group = await approvalGroup(admin)
      const smaregi = smaregiOf(container)
      const created = await memberConnection(container, h.fake)
      // A connection stored by an earlier version, gated by a metadata key.
      await smaregi.updateSmaregiConnections({ id: created.id, settings: { ...created.settings, approvalMetadataKey: "smaregi_approved" } })
      const legacy = (await api.get(`/admin/smaregi/connections/${created.id}`, admin)).data.connection
      expect(legacy.settings).toMatchObject({ approvalMetadataKey: "smaregi_approved", approvalCustomerGroupId: null })
      expect(legacy.member_sync_paused).toMatch(/Member sync is paused.*"smaregi_approved".*approvalCustomerGroupId/)

      const pk = await publishableKey(container)
      const { customer } = await registerCustomer(api, pk, { email: "legacy@example.jp", metadata: { smaregi_approved: "true" } })
      await sleep(QUIET_MS)
      expect(customerUpds(h.fake)).toHaveLength(0)
      await expect(api.post("/admin/smaregi/members/backfill", { connection_id: created.id, dry_run: true }, admin)).rejects.toMatchObject({
        response: { status: 400, data: { message: expect.stringMatching(/Member sync is paused/) } },
      })

      // Saving other settings keeps working; setting a (new) metadata key is refused, naming the field.
      const renamed = await api.post(`/admin/smaregi/connections/${created.id}`, { settings: { ...legacy.settings, namePlaceholder: "未入力" } }, admin)
      expect(renamed.data.connection.member_sync_paused).not.toBeNull()
      await expect(
        api.post(`/admin/smaregi/connections/${created.id}`, { settings: { approvalMetadataKey: "approved" } }, admin)
      ).rejects.toMatchObject({
        response: { status: 400, data: { message: expect.stringMatching(/^settings\.approvalMetadataKey: .*approvalCustomerGroupId/) } },
      })
      await expect(
        api.post("/admin/smaregi/connections", { name: "New", settings: { approvalMetadataKey: "approved" } }, admin)
      ).rejects.toMatchObject({ response: { status: 400, data: { message: expect.stringMatching(/^settings\.approvalMetadataKey: /) } } })

      const resumed = await api.post(`/admin/smaregi/connections/${created.id}`, { settings: { approvalCustomerGroupId: group.id } }, admin)
      expect(resumed.data.connection.member_sync_paused).toBeNull()
      expect(resumed.data.connection.settings).toMatchObject({ approvalMetadataKey: null, approvalCustomerGroupId: group.id })
      await api.post(`/admin/customer-groups/${group.id}/customers`, { add: [customer.id] }, admin)
      await waitForMemberStatus(container, customer.id, "synced")
      expect(rowsOf(customerUpds(h.fake)[0])[0]).toMatchObject({ mailAddress: "legacy@example.jp" })
    })
  },
})
