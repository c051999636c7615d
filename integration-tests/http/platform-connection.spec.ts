import { medusaIntegrationTestRunner } from "../helpers/runner"
import { adminHeaders } from "../helpers/auth"
import { startFakeSmaregiPlatform, type FakeSmaregiPlatform } from "../../dev/fake-smaregi-platform/server"
import { toPlatformTransaction } from "../../dev/pos/platform-transaction"
import { buildTransaction } from "../../src/smaregi/__fixtures__/sales"
import { jstNow, shiftDateTime } from "../../src/smaregi/__fixtures__/times"
import { salesHarness, type SalesHarness } from "./sales-in.helpers"
import { seedDemoStore } from "../../dev/seed/demo-store"
import { ensurePlatformDemoConnection } from "../../dev/seed/platform-connection"
import { SMAREGI_MODULE } from "../../src/modules/smaregi"
import type SmaregiModuleService from "../../src/modules/smaregi/service"

jest.setTimeout(180_000)

const CONTRACT = "sb_platform_test"
const CLIENT_ID = "platform-client"
const CLIENT_SECRET = "platform-client-secret"
const WEBHOOK_SECRET = "platform-webhook-secret-0001"
const HEADER = "X-Smaregi-Webhook-Secret"
const DAY = 24 * 60

function sale(id: string, at = "2026-05-10 14:03:22") {
  return toPlatformTransaction(
    buildTransaction({ id, at, lines: [{ productCode: "TSHIRT-NAVY-S", color: "Navy", size: "S", price: 5500, quantity: 1 }] })
  )
}

medusaIntegrationTestRunner({
  seedDemoStore: true,
  testSuite: ({ api, getContainer }) => {
    let fake: FakeSmaregiPlatform
    const hookUrl = () => `${(api as any).defaults.baseURL.replace(/\/$/, "")}/hooks/smaregi/platform`

    beforeAll(async () => {
      fake = await startFakeSmaregiPlatform({ port: 0, contracts: [{ contractId: CONTRACT, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }] })
    })
    afterAll(async () => {
      await fake.stop()
    })
    // Not reset(): the store keeps its cached token between tests, as a running store would.
    beforeEach(() => {
      fake.requests.length = 0
      fake.clearFaults()
    })

    /** The sales harness's connection, switched to the Platform API of the fake. */
    const platformHarness = async (): Promise<SalesHarness> => {
      const h = await salesHarness(getContainer(), api, {
        contractId: CONTRACT,
        platform: { clientId: CLIENT_ID, idUrl: fake.url, apiUrl: fake.url },
      })
      await h.smaregi.updateConnection(h.connectionId, { api: "platform", clientSecret: CLIENT_SECRET, webhookSecret: WEBHOOK_SECRET })
      return h
    }
    const webhook = (ids: string[], extra: { eventId?: string; secret?: string | null; contractId?: string; body?: unknown } = {}) =>
      fake.sendWebhook({
        url: hookUrl(),
        contractId: extra.contractId ?? CONTRACT,
        event: "pos:transactions",
        action: "created",
        ids,
        eventId: extra.eventId,
        secret: extra.secret === undefined ? WEBHOOK_SECRET : extra.secret,
        secretHeader: HEADER,
        body: extra.body,
      })
    const transactionReads = (id: string) => fake.requests.filter((r) => r.method === "GET" && r.path.endsWith(`/pos/transactions/${id}`))

    it("creates a platform connection through the admin API and never shows its secrets", async () => {
      const { headers } = await adminHeaders(getContainer())
      const post = (body: unknown) => api.post("/admin/smaregi/connections", body, { headers, validateStatus: () => true })
      const res = await post({
        name: "Platform shop",
        api: "platform",
        client_secret: CLIENT_SECRET,
        webhook_secret: WEBHOOK_SECRET,
        settings: { contractId: CONTRACT, platform: { environment: "production", clientId: CLIENT_ID } },
      })
      expect(res.status).toBe(200)
      expect(res.data.connection).toMatchObject({
        api: "platform",
        client_secret_set: true,
        webhook_secret_set: true,
        access_token_set: false,
        settings: {
          contractId: CONTRACT,
          platform: { environment: "production", clientId: CLIENT_ID, idUrl: null, apiUrl: null, webhookSecretHeader: HEADER },
        },
      })
      const text = JSON.stringify(res.data)
      expect(text).not.toContain(CLIENT_SECRET)
      expect(text).not.toContain(WEBHOOK_SECRET)

      const short = await post({ name: "x", api: "platform", webhook_secret: "short" })
      expect(short.status).toBe(400)
      expect(JSON.stringify(short.data)).toContain("webhook_secret: must be at least 16 characters")
      const sameContract = await post({ name: "y", api: "platform", settings: { contractId: CONTRACT } })
      expect(sameContract.status).toBe(400)
      expect(sameContract.data.message).toContain(`another Platform API connection already uses contract ${CONTRACT}`)
      const plainHttp = await post({ name: "z", api: "platform", settings: { contractId: "sb_other", platform: { apiUrl: "http://api.example.com" } } })
      expect(plainHttp.status).toBe(400)
      expect(plainHttp.data.message).toContain("settings.platform.apiUrl: must be https")
    })

    it("turns a webhook into a paid order: the transaction is re-read with details and goes through the inbox", async () => {
      const h = await platformHarness()
      fake.seedTransactions([sale("2301")], CONTRACT)
      const answer = await webhook(["2301"])
      expect(answer.status).toBe(200)
      expect(JSON.parse(answer.body)).toMatchObject({ ok: true, duplicate: false })

      const row = await h.settled("2301")
      expect(row).toMatchObject({ status: "imported", applied_upd_date_time: "2026-05-10 14:03:22" })
      const order = await h.order(row.order_id!)
      expect(Number(order.total)).toBe(5500)
      expect(order.metadata).toMatchObject({ smaregi_transaction_head_id: "2301" })
      expect(transactionReads("2301").map((r) => r.query.with_details)).toEqual(["all"])
      const [event] = await h.smaregi.listSmaregiPlatformEvents({ connection_id: h.connectionId })
      expect(event).toMatchObject({ event_id: answer.eventId, event: "pos:transactions", action: "created", ids: ["2301"], attempts: 1 })
      expect(await waitForStatus(h, event.id, "processed")).toBe("processed")
    })

    it("stores an event id once: a repeated webhook is answered 200 and re-reads nothing", async () => {
      const h = await platformHarness()
      fake.seedTransactions([sale("2302")], CONTRACT)
      const first = await webhook(["2302"], { eventId: "5b0e2a8c-0000-4000-8000-000000000001" })
      await h.settled("2302")
      const again = await webhook(["2302"], { eventId: "5b0e2a8c-0000-4000-8000-000000000001" })
      expect([first.status, again.status]).toEqual([200, 200])
      expect(JSON.parse(again.body)).toMatchObject({ ok: true, duplicate: true, id: JSON.parse(first.body).id })
      expect(await h.smaregi.listSmaregiPlatformEvents({ connection_id: h.connectionId })).toHaveLength(1)
      expect(transactionReads("2302")).toHaveLength(1)
      expect((await h.events("2302")).map((e) => e.type)).toEqual(["received", "imported"])
    })

    it("records a pos:customers event and marks it processed without re-reading transactions", async () => {
      const h = await platformHarness()
      const answer = await fake.sendWebhook({
        url: hookUrl(),
        contractId: CONTRACT,
        event: "pos:customers",
        action: "edited",
        ids: ["5"],
        secret: WEBHOOK_SECRET,
        secretHeader: HEADER,
      })
      expect(answer.status).toBe(200)
      const [event] = await h.smaregi.listSmaregiPlatformEvents({ connection_id: h.connectionId })
      expect(event).toMatchObject({ event: "pos:customers", action: "edited", ids: ["5"] })
      expect(await waitForStatus(h, event.id, "processed")).toBe("processed")
      expect(fake.requests.filter((r) => r.path.includes("/pos/transactions"))).toHaveLength(0)
    })

    it("refuses a wrong or missing secret (401), an unknown contract (404) and a bad body (400, naming the problem)", async () => {
      const h = await platformHarness()
      const wrong = await webhook(["2303"], { secret: "not-the-secret-at-all" })
      expect(wrong.status).toBe(401)
      expect(JSON.parse(wrong.body)).toMatchObject({ error: "bad_secret", message: `the ${HEADER} header does not match the shared secret` })
      const missing = await webhook(["2303"], { secret: null })
      expect(missing.status).toBe(401)
      expect(JSON.parse(missing.body)).toMatchObject({ error: "missing_secret" })
      const unknown = await webhook(["2303"], { contractId: "sb_nobody" })
      expect(unknown.status).toBe(404)
      expect(JSON.parse(unknown.body)).toMatchObject({ error: "unknown_contract", message: expect.stringContaining("sb_nobody") })
      const noIds = await webhook([], { body: { contractId: CONTRACT, event: "pos:transactions", action: "created", transactionHeadIds: ["12a"] } })
      expect(noIds.status).toBe(400)
      expect(JSON.parse(noIds.body)).toMatchObject({ error: "invalid_id", message: 'transactionHeadIds[0] must be digits, got "12a"' })
      expect(await h.smaregi.listSmaregiPlatformEvents({ connection_id: h.connectionId })).toHaveLength(0)
      expect(fake.requests.filter((r) => r.path.includes("/pos/"))).toHaveLength(0)
    })

    it("fetches a new token when Smaregi refuses the cached one (401) and imports the sale", async () => {
      const h = await platformHarness()
      fake.seedTransactions([sale("2304"), sale("2305")], CONTRACT)
      await webhook(["2304"])
      await h.settled("2304")
      const issued = fake.tokensIssued()
      fake.expireTokens()
      await webhook(["2305"])
      expect(await h.settled("2305")).toMatchObject({ status: "imported" })
      expect(fake.tokensIssued()).toBe(issued + 1)
      expect(transactionReads("2305").map((r) => r.status)).toEqual([401, 200])
    })

    it("waits out a 429 with Retry-After and then imports the sale", async () => {
      const h = await platformHarness()
      fake.seedTransactions([sale("2306")], CONTRACT)
      fake.fault({ status: 429, match: "^GET /pos/transactions/2306$", retryAfterSeconds: 1 })
      await webhook(["2306"])
      expect(await h.settled("2306")).toMatchObject({ status: "imported" })
      const reads = transactionReads("2306")
      expect(reads.map((r) => r.status)).toEqual([429, 200])
      // Retry-After is a lower bound on when the retry may leave.
      expect(reads[1]!.time - reads[0]!.time).toBeGreaterThanOrEqual(950)
    })

    it("recovers lost webhooks with the pull: upd_date_time windows of at most 31 days through the Platform transport", async () => {
      const h = await platformHarness()
      const { headers } = await adminHeaders(getContainer())
      const config = { headers, validateStatus: () => true }
      const now = jstNow()
      await h.smaregi.updateSmaregiConnections({ id: h.connectionId, reconcile_watermark: shiftDateTime(now, -40 * DAY) })
      // Neither sale's webhook ever arrived; the first lies in the first 31-day window, the second in the next.
      fake.seedTransactions([sale("2310", shiftDateTime(now, -35 * DAY)), sale("2311", shiftDateTime(now, -30))], CONTRACT)
      const started = await api.post(`/admin/smaregi/connections/${h.connectionId}/reconcile`, {}, config)
      expect(started.status).toBe(202)
      const deadline = Date.now() + 60_000
      let run: any
      do {
        await new Promise((resolve) => setTimeout(resolve, 200))
        run = (await api.get(`/admin/smaregi/connections/${h.connectionId}/reconcile/${started.data.run_id}`, config)).data.run
      } while (run.status === "running" && Date.now() < deadline)
      expect(run).toMatchObject({ status: "done", heads: 2, imported: 2, failed: 0 })
      expect(await h.row("2310")).toMatchObject({ status: "imported" })
      expect(await h.row("2311")).toMatchObject({ status: "imported" })
      const lists = fake.requests.filter((r) => r.method === "GET" && r.path.endsWith("/pos/transactions"))
      expect(lists.length).toBeGreaterThanOrEqual(2)
      for (const list of lists) {
        const { "upd_date_time-from": from, "upd_date_time-to": to } = list.query
        expect([from, to, list.status]).toEqual([expect.stringMatching(/\+09:00$/), expect.stringMatching(/\+09:00$/), 200])
        expect(Date.parse(to) - Date.parse(from)).toBeLessThanOrEqual(31 * DAY * 60_000)
      }
      expect(transactionReads("2310").map((r) => r.query.with_details)).toEqual(["all"])
      expect(await h.smaregi.listSmaregiPlatformEvents({ connection_id: h.connectionId })).toHaveLength(0)
    })

    it("Test connection gets a token and reads the customers", async () => {
      const h = await platformHarness()
      fake.seedCustomers([{ customerCode: "M0001", firstName: "Hanako", lastName: "Yamada" }], CONTRACT)
      const { headers } = await adminHeaders(getContainer())
      const ok = await api.post(`/admin/smaregi/connections/${h.connectionId}/test-connection`, {}, { headers })
      expect(ok.data).toEqual({ ok: true, total_count: 1 })
      expect(fake.requests.some((r) => r.method === "GET" && r.path.endsWith("/pos/customers"))).toBe(true)
      await h.smaregi.updateConnection(h.connectionId, { clientSecret: "a-wrong-client-secret" })
      fake.expireTokens()
      const refused = await api.post(`/admin/smaregi/connections/${h.connectionId}/test-connection`, {}, { headers })
      expect(refused.data).toMatchObject({ ok: false, error_code: "authentication_failed" })
    })

    it("seeds the dev store's Platform demo connection (SMAREGI_API=platform), which imports the fake's webhook", async () => {
      const container = getContainer()
      const store = await seedDemoStore(container)
      const config = { idUrl: fake.url, apiUrl: fake.url, contractId: CONTRACT, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, webhookSecret: WEBHOOK_SECRET }
      const seeded = await ensurePlatformDemoConnection(container, store, config)
      expect(seeded.outcome).toBe("created")
      expect((await ensurePlatformDemoConnection(container, store, config)).outcome).toBe("existing")
      fake.seedTransactions([sale("2307")], CONTRACT)
      expect((await webhook(["2307"])).status).toBe(200)
      const smaregi = container.resolve<SmaregiModuleService>(SMAREGI_MODULE)
      const deadline = Date.now() + 30_000
      let row: any
      while (Date.now() < deadline && row?.status !== "imported") {
        ;[row] = await smaregi.listSmaregiTransactions({ connection_id: seeded.id, transaction_head_id: "2307" })
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      expect(row).toMatchObject({ status: "imported" })
    })
  },
})

async function waitForStatus(h: SalesHarness, id: string, status: string): Promise<string> {
  const deadline = Date.now() + 15_000
  for (;;) {
    const [event] = await h.smaregi.listSmaregiPlatformEvents({ id })
    if (event?.status === status || Date.now() > deadline) return event?.status
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
