import { medusaIntegrationTestRunner } from "../helpers/runner"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { type FakeSmaregi, startFakeSmaregi } from "../../dev/fake-smaregi/server"
import { adminHeaders } from "../helpers/auth"
import {
  FAKE_CONTRACT,
  customerUpds,
  memberBackfillsIdle,
  memberConnection,
  memberOf,
  rowsOf,
  settleMemberSync,
  sleep,
  smaregiOf,
  waitFor,
  UPD_ONLY,
} from "./members-helpers"

jest.setTimeout(240_000)

const CUSTOMERS = 2000
const GUESTS = 25

type Pg = {
  raw: (sql: string, bindings?: unknown[]) => Promise<{ rows: Array<Record<string, unknown>> }>
  transaction: () => Promise<Pg & { commit: () => Promise<void>; rollback: () => Promise<void> }>
}

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
      await settleMemberSync(getContainer())
    })

    it("backfills 2,000 existing customers through the rate limiter, stops, resumes and never pushes anyone twice", async () => {
      const container = getContainer()
      const connection = await memberConnection(container, fake)
      const customers = container.resolve(Modules.CUSTOMER)
      // Module-service writes emit no customer.created: these customers exist before the plugin knew of them.
      await customers.createCustomers(
        Array.from({ length: CUSTOMERS }, (_, i) => ({
          email: `member${i}@example.jp`,
          first_name: `名${i}`,
          last_name: "既存",
          has_account: true,
        }))
      )
      await customers.createCustomers(Array.from({ length: GUESTS }, (_, i) => ({ email: `guest${i}@example.jp`, has_account: false })))
      fake.fault({ rateLimitPerSecond: 5 })
      const admin = await adminHeaders(container)

      const dry = await api.post("/admin/smaregi/members/backfill", { connection_id: connection.id, dry_run: true }, admin)
      expect(dry.data).toEqual({
        dry_run: true,
        count: { connection_id: connection.id, registered: CUSTOMERS, eligible: CUSTOMERS, already_synced: 0 },
      })
      expect(await smaregiOf(container).listSmaregiBackfills({})).toHaveLength(0)
      expect(fake.requests).toHaveLength(0)

      const startedAt = new Date()
      const started = await api.post("/admin/smaregi/members/backfill", { connection_id: connection.id }, admin)
      expect(started.status).toBe(201)
      const id = started.data.backfill.id as string
      expect(started.data.backfill).toMatchObject({ status: "running", total: CUSTOMERS })

      await waitFor(async () => (await api.get(`/admin/smaregi/members/backfill/${id}`, admin)).data.backfill.done >= 300, "300 done", 60_000)
      const stopped = await api.post(`/admin/smaregi/members/backfill/${id}/stop`, {}, admin)
      expect(stopped.data.backfill.status).toBe("stopped")
      await memberBackfillsIdle(getContainer())
      const paused = (await api.get(`/admin/smaregi/members/backfill/${id}`, admin)).data.backfill
      expect(paused).toMatchObject({ status: "stopped", failed: 0, skipped: 0 })
      expect(paused.done % 100).toBe(0)
      expect(paused.remaining).toBe(CUSTOMERS - paused.done)
      const callsWhenStopped = customerUpds(fake).length
      await sleep(500)
      expect(customerUpds(fake)).toHaveLength(callsWhenStopped)

      const resumed = await api.post("/admin/smaregi/members/backfill", { connection_id: connection.id }, admin)
      expect(resumed.status).toBe(200)
      expect(resumed.data).toMatchObject({ resumed: true, backfill: { id, status: "running" } })
      const finished = await waitFor(async () => {
        const progress = (await api.get(`/admin/smaregi/members/backfill/${id}`, admin)).data.backfill
        return progress.status === "completed" ? progress : undefined
      }, "the backfill to complete", 120_000)
      expect(finished).toMatchObject({ total: CUSTOMERS, done: CUSTOMERS, failed: 0, skipped: 0, remaining: 0 })
      // The run refreshed the member table's planner statistics itself instead of leaving them to autovacuum.
      const pg = container.resolve<Pg>(ContainerRegistrationKeys.PG_CONNECTION)
      await waitFor(async () => {
        const { rows } = await pg.raw(`SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'smaregi_member'`)
        return rows[0]?.last_analyze && new Date(rows[0].last_analyze as string) >= startedAt
      }, "the member table analyzed by the backfill")

      const rowsPerCustomerId = new Map<string, number>()
      for (const request of customerUpds(fake)) {
        expect(rowsOf(request).length).toBeLessThanOrEqual(100)
        for (const row of rowsOf(request)) rowsPerCustomerId.set(row.customerId, (rowsPerCustomerId.get(row.customerId) ?? 0) + 1)
      }
      expect(rowsPerCustomerId.size).toBe(CUSTOMERS)
      expect([...rowsPerCustomerId.values()].every((n) => n === 1)).toBe(true)
      expect(fake.members.size).toBe(CUSTOMERS)
      expect(fake.rateLimitViolations).toBe(0)
      expect(fake.maxObservedPerSecond).toBeLessThanOrEqual(5)
      expect([...fake.members.values()].some((m) => m.mailAddress?.startsWith("guest"))).toBe(false)
      const [, synced] = await smaregiOf(container).listAndCountSmaregiMembers({ status: "synced" }, { take: 1 })
      expect(synced).toBe(CUSTOMERS)

      // A second full pass finds every row unchanged: no call at all.
      const again = await api.post("/admin/smaregi/members/backfill", { connection_id: connection.id }, admin)
      expect(again.status).toBe(201)
      expect(again.data.count.already_synced).toBe(CUSTOMERS)
      await waitFor(async () => {
        const progress = (await api.get(`/admin/smaregi/members/backfill/${again.data.backfill.id}`, admin)).data.backfill
        return progress.status === "completed" ? progress : undefined
      }, "the second pass", 120_000)
      expect(rowsPerCustomerId.size).toBe(CUSTOMERS)
      expect(customerUpds(fake).reduce((n, r) => n + rowsOf(r).length, 0)).toBe(CUSTOMERS)
    })

    it("pauses on a batch prepared ahead whose call fails, gives later batches back, and resumes pushing everyone once", async () => {
      const container = getContainer()
      const connection = await memberConnection(container, fake, { memberBatchSize: 2 })
      const created = await container.resolve(Modules.CUSTOMER).createCustomers(
        Array.from({ length: 8 }, (_, i) => ({ email: `ahead${i}@example.jp`, first_name: `先${i}`, last_name: "読み", has_account: true }))
      )
      const ids = created.map((c) => c.id).sort()
      // The first call goes through; every attempt of the second (the client retries 4 times) answers 503.
      fake.fault({ stallMs: 1, ...UPD_ONLY })
      fake.fault({ status: 503, times: 5, ...UPD_ONLY })
      const admin = await adminHeaders(container)
      const started = await api.post("/admin/smaregi/members/backfill", { connection_id: connection.id }, admin)
      const id = started.data.backfill.id as string

      // While the second call is retried, the batches after it are already enqueued and claimed.
      await waitFor(async () => (await smaregiOf(container).listSmaregiMembers({})).length === 8, "all four batches prepared", 30_000)
      expect(await memberBackfillsIdle(getContainer(), 60_000)).toBe(true)

      const paused = await smaregiOf(container).retrieveSmaregiBackfill(id)
      expect(paused).toMatchObject({ status: "running", cursor: ids[1], done: 2, failed: 0, skipped: 0 })
      expect(paused.last_error).toBeTruthy()
      expect(customerUpds(fake).filter((r) => r.status === 200)).toHaveLength(1)
      expect(fake.members.size).toBe(2)
      for (const customerId of ids.slice(0, 2)) expect((await memberOf(container, customerId)).status).toBe("synced")
      for (const customerId of ids.slice(2, 4)) {
        expect(await memberOf(container, customerId)).toMatchObject({ status: "pending", attempts: 1, last_synced_at: null })
      }
      for (const customerId of ids.slice(4)) {
        const member = await memberOf(container, customerId)
        expect(member).toMatchObject({ status: "pending", attempts: 0, last_synced_at: null })
        expect(new Date(member.next_attempt_at as unknown as string).getTime()).toBeLessThanOrEqual(Date.now())
      }

      fake.clearFaults()
      await sleep(500)
      const resumed = await api.post("/admin/smaregi/members/backfill", { connection_id: connection.id }, admin)
      expect(resumed.data).toMatchObject({ resumed: true, backfill: { id } })
      const finished = await waitFor(async () => {
        const progress = (await api.get(`/admin/smaregi/members/backfill/${id}`, admin)).data.backfill
        return progress.status === "completed" ? progress : undefined
      }, "the resumed backfill to complete", 60_000)
      expect(finished).toMatchObject({ total: 8, done: 8, failed: 0, skipped: 0 })
      const pushed = customerUpds(fake)
        .filter((r) => r.status === 200)
        .flatMap((r) => rowsOf(r).map((row) => row.customerId))
      expect(pushed).toHaveLength(8)
      expect(new Set(pushed).size).toBe(8)
      expect(fake.members.size).toBe(8)
    })

    it("merges the mirrored member keys into metadata saved concurrently instead of overwriting it", async () => {
      const container = getContainer()
      const connection = await memberConnection(container, fake)
      const [customer] = await container.resolve(Modules.CUSTOMER).createCustomers([
        { email: "race@example.jp", first_name: "競", last_name: "合", has_account: true, metadata: { first: "1" } },
      ])
      const pg = container.resolve<Pg>(ContainerRegistrationKeys.PG_CONNECTION)
      // A save of another key, computed from the metadata before the push and still uncommitted when the mirror runs.
      const save = await pg.transaction()
      try {
        const metadata = JSON.stringify({ first: "1", favourite: "tea" })
        await save.raw(`UPDATE customer SET metadata = ?::jsonb WHERE id = ?`, [metadata, customer.id])
        const admin = await adminHeaders(container)
        await api.post("/admin/smaregi/members/backfill", { connection_id: connection.id }, admin)
        await waitFor(async () => {
          const { rows } = await pg.raw(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%update%customer%'`
          )
          return Number(rows[0].n) > 0
        }, "the mirror to wait for the saving transaction")
        await save.commit()
      } catch (e) {
        await save.rollback()
        throw e
      }
      expect(await memberBackfillsIdle(getContainer())).toBe(true)
      const member = await memberOf(container, customer.id)
      const saved = await container.resolve(Modules.CUSTOMER).retrieveCustomer(customer.id)
      expect(saved.metadata).toEqual({
        first: "1",
        favourite: "tea",
        smaregi_member_code: member.customer_code,
        smaregi_sync_status: "synced",
        smaregi_synced_at: new Date(member.last_synced_at as unknown as string).toISOString(),
      })
      await sleep(500)
      expect(customerUpds(fake)).toHaveLength(1)
    })
  },
})
