import { medusaIntegrationTestRunner } from "../helpers/runner"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { seedDemoStore } from "../../dev/seed/demo-store"
import { SMAREGI_MODULE } from "../../src/modules/smaregi"
import type SmaregiModuleService from "../../src/modules/smaregi/service"
import { encodeForm, makePushParams } from "../../src/smaregi/__fixtures__/push-bodies"
import { saleScenario } from "../../src/smaregi/__fixtures__/scenarios"
import { FORM, SECRET, SEED, URL, buildCorpus } from "./bad-input.corpus"

// issue 8 / NFR-4: a reproducible corpus of malformed and hostile webhook bodies, all carrying a valid
// agreementId. Override the seed with BAD_INPUT_SEED to explore; a failure prints the seed and case names.

jest.setTimeout(300_000)

const CONTROL_ID = "799999"

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    it(`answers ${"≥"}200 malformed or hostile bodies without a 5xx, stores every authenticated one and imports only valid sales (seed ${SEED})`, async () => {
      const container = getContainer()
      const store = await seedDemoStore(container)
      const smaregi: SmaregiModuleService = container.resolve(SMAREGI_MODULE)
      const connection = await smaregi.createConnection({
        name: "Bad input",
        agreementSecret: SECRET,
        settings: { allowedSources: ["127.0.0.1", "::1"], salesChannelId: store.salesChannelId, regionId: store.regionId },
      })

      const corpus = buildCorpus(SEED)
      expect(corpus.length).toBeGreaterThanOrEqual(200)
      expect(buildCorpus(SEED).map((c) => c.name)).toEqual(corpus.map((c) => c.name))

      const problems: string[] = []
      const statuses: Record<string, number> = {}
      for (const c of corpus) {
        const headers: Record<string, string> = {}
        if (c.contentType !== null) headers["content-type"] = c.contentType ?? FORM
        let status: number
        let data: unknown
        try {
          const res = await api.post(`${URL}${c.query ?? ""}`, c.body, {
            headers,
            validateStatus: () => true,
            transformRequest: [(d: unknown) => d],
            maxBodyLength: Infinity,
            maxContentLength: Infinity,
          })
          status = res.status
          data = res.data
        } catch (e) {
          problems.push(`${c.name}: no answer (${e instanceof Error ? e.message : String(e)})`)
          continue
        }
        statuses[status] = (statuses[status] ?? 0) + 1
        const allowed = c.expect === "too_large" ? [413] : c.accepted ? [200] : [200, 400]
        if (!allowed.includes(status)) problems.push(`${c.name}: HTTP ${status} (expected ${allowed.join("/")}) ${JSON.stringify(data).slice(0, 300)}`)
        if (status < 500 && status !== 200 && typeof data === "object" && data !== null && !("error" in data)) {
          problems.push(`${c.name}: ${status} without an error code`)
        }
      }

      const health = await api.get("/health", { validateStatus: () => true })
      expect(health.status).toBe(200)
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      expect((Object.prototype as Record<string, unknown>).isAdmin).toBeUndefined()
      expect(problems).toEqual([])

      // Every request that passed authentication left a row; the 413s were refused before the body (and the secret) was read.
      const requests = await smaregi.listSmaregiRequests({}, { take: 10_000 })
      const tooLarge = corpus.filter((c) => c.expect === "too_large").length
      expect(tooLarge).toBeGreaterThan(0)
      expect(statuses[413]).toBe(tooLarge)
      expect(requests).toHaveLength(corpus.length - tooLarge)
      expect(requests.every((q) => q.connection_id === connection.id)).toBe(true)
      expect(JSON.stringify(requests)).not.toContain(SECRET)

      // A valid control sale proves the import path works while the corpus' pushes are being processed.
      const control = saleScenario({ id: CONTROL_ID })
      const ok = await api.post(URL, encodeForm({ agreementId: SECRET, proc_name: "transaction_send", params: makePushParams([control]) }), {
        headers: { "content-type": FORM },
      })
      expect(ok.status).toBe(200)

      const rows = await settle(smaregi, 120_000)
      const expectedOrders = new Set([CONTROL_ID, ...corpus.flatMap((c) => c.orders ?? [])])
      const caseOf = new Map(corpus.flatMap((c) => (c.heads ?? []).map((h) => [h, c.name] as const)))
      const unexpected = rows.filter((t) => t.order_id && !expectedOrders.has(t.transaction_head_id))
      const missing = rows.filter((t) => expectedOrders.has(t.transaction_head_id) && !t.order_id)
      expect(unexpected.map((t) => `${caseOf.get(t.transaction_head_id) ?? t.transaction_head_id}: ${t.status}`)).toEqual([])
      expect(missing.map((t) => `${caseOf.get(t.transaction_head_id) ?? t.transaction_head_id}: ${t.status} ${t.reason}`)).toEqual([])
      for (const h of corpus.flatMap((c) => (c.accepted ? c.heads ?? [] : []))) {
        expect(rows.some((t) => t.transaction_head_id === h)).toBe(true)
      }

      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const { data: orders } = await query.graph({ entity: "order", fields: ["id", "metadata"] })
      expect(orders).toHaveLength(expectedOrders.size)
      const hostile = corpus.filter((c) => c.orders?.length)
      for (const c of hostile) {
        const row = rows.find((t) => t.transaction_head_id === c.heads![0])!
        const order = orders.find((o: { id: string }) => o.id === row.order_id) as { metadata: Record<string, unknown> }
        const sent = JSON.parse(new URLSearchParams(String(c.body)).get("params")!)
        expect(order.metadata.smaregi_memo).toBe(sent.data[0].rows[0].memo)
      }
    })

    it("imports a push whose params arrive with backslash-escaped quotes and records that form on the stored request", async () => {
      const container = getContainer()
      const store = await seedDemoStore(container)
      const smaregi: SmaregiModuleService = container.resolve(SMAREGI_MODULE)
      await smaregi.createConnection({
        name: "Escaped quotes",
        agreementSecret: SECRET,
        settings: { allowedSources: ["127.0.0.1", "::1"], salesChannelId: store.salesChannelId, regionId: store.regionId },
      })
      const tx = saleScenario({ id: CONTROL_ID })
      ;(tx.head as Record<string, unknown>).memo = 'gift "wrap" \\u3042'
      const escaped = makePushParams([tx]).replace(/[\\"]/g, (ch) => `\\${ch}`)
      expect(() => JSON.parse(escaped)).toThrow()

      const res = await api.post(URL, encodeForm({ agreementId: SECRET, proc_name: "transaction_send", params: escaped }), {
        headers: { "content-type": FORM },
      })
      expect(res.status).toBe(200)

      const [row] = await settle(smaregi, 60_000)
      expect(row).toMatchObject({ transaction_head_id: CONTROL_ID, status: "imported", order_id: expect.any(String) })
      const [request] = await smaregi.listSmaregiRequests({})
      expect(request).toMatchObject({ outcome: "accepted", params_form: "escaped_quotes" })
      const { data: orders } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["id", "metadata"] })
      expect(orders.map((o: { metadata: Record<string, unknown> }) => o.metadata.smaregi_memo)).toEqual(['gift "wrap" \\u3042'])
    })
  },
})

type Row = { transaction_head_id: string; status: string; order_id: string | null; reason: string | null }

async function settle(smaregi: SmaregiModuleService, timeoutMs: number): Promise<Row[]> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const rows = (await smaregi.listSmaregiTransactions({}, { take: 10_000 })) as unknown as Row[]
    const pending = rows.filter((t) => t.status === "received")
    if (pending.length === 0 && rows.some((t) => t.transaction_head_id === CONTROL_ID)) return rows
    if (Date.now() > until) throw new Error(`still unprocessed after ${timeoutMs} ms: ${pending.map((t) => t.transaction_head_id).join(", ")}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}
