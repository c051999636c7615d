import { medusaIntegrationTestRunner } from "../helpers/runner"
import { Modules } from "@medusajs/framework/utils"
import type { IEventBusModuleService } from "@medusajs/framework/types"
import { SmaregiEvents } from "../../src/events"
import { SMAREGI_MODULE } from "../../src/modules/smaregi"
import type SmaregiModuleService from "../../src/modules/smaregi/service"
import type { ConnectionSettingsInput } from "../../src/smaregi/settings"
import { encodeForm, makePushBody, makePushEnvelope } from "../../src/smaregi/__fixtures__/push-bodies"
import { burst, memberSaleScenario, saleScenario, updateScenario } from "../../src/smaregi/__fixtures__/scenarios"

jest.setTimeout(120_000)

const SECRET = "shibuya-agreement-0001"
const URL = "/hooks/smaregi/transactions"
const FORM = { "content-type": "application/x-www-form-urlencoded; charset=UTF-8" }
const LOOPBACK = ["127.0.0.1", "::1"]

type Reply = { status: number; data: any; headers: Record<string, string> }

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const smaregi = (): SmaregiModuleService => getContainer().resolve(SMAREGI_MODULE)

    const connect = (settings: ConnectionSettingsInput = {}, secret = SECRET) =>
      smaregi().createConnection({ name: "Shibuya", agreementSecret: secret, settings: { allowedSources: LOOPBACK, ...settings } })

    const post = (body: string, opts: { query?: string; headers?: Record<string, string> } = {}): Promise<Reply> =>
      api.post(`${URL}${opts.query ?? ""}`, body, {
        headers: { ...FORM, ...opts.headers },
        validateStatus: () => true,
        transformRequest: [(data: unknown) => data],
        maxBodyLength: Infinity,
        maxContentLength: Infinity,
      })

    const stored = async () => ({
      requests: await smaregi().listSmaregiRequests({}, { order: { created_at: "ASC" } }),
      transactions: await smaregi().listSmaregiTransactions({}, { order: { transaction_head_id: "ASC" } }),
      // Only what the webhook stored: processing (which runs meanwhile) adds its own events.
      events: await smaregi().listSmaregiTransactionEvents({ type: "received" }, { order: { created_at: "ASC" } }),
    })

    const received = (): Array<{ id: string; connection_id: string; upd_date_time: string | null }> => {
      const seen: Array<{ id: string; connection_id: string; upd_date_time: string | null }> = []
      const bus: IEventBusModuleService = getContainer().resolve(Modules.EVENT_BUS)
      bus.subscribe(SmaregiEvents.TRANSACTION_RECEIVED, async (event: any) => {
        seen.push(event.data)
      })
      return seen
    }

    describe("POST /hooks/smaregi/transactions — accepted pushes", () => {
      it("stores a form-encoded push with agreementId in the body before answering like Smaregi", async () => {
        const conn = await connect()
        const events = received()
        const tx = memberSaleScenario({ id: "1052" })
        const res = await post(encodeForm(makePushBody([tx], { agreementId: SECRET })))

        expect(res.status).toBe(200)
        expect(res.data).toEqual({ result: [{ TransactionHead: 1 }] })

        const { requests, transactions, events: rowEvents } = await stored()
        expect(transactions).toHaveLength(1)
        expect(transactions[0]).toMatchObject({
          connection_id: conn.id,
          transaction_head_id: "1052",
          upd_date_time: tx.head.updDateTime,
          store_id: "1",
          customer_code: "M000000345",
          total: tx.head.total,
          request_id: requests[0].id,
        })
        expect(transactions[0].head).toMatchObject({ transactionHeadId: "1052", staffName: "山田 太郎", memo: null })
        expect(transactions[0].details).toHaveLength(tx.details.length)
        expect((transactions[0].details as unknown as any[])[0]).toMatchObject({ productCode: "TSHIRT-NAVY-M", productName: "Tシャツ" })

        expect(requests).toHaveLength(1)
        expect(requests[0]).toMatchObject({
          connection_id: conn.id,
          outcome: "accepted",
          http_status: 200,
          proc_name: "transaction_send",
          params_form: "json",
          head_count: 1,
          source_ip: expect.stringMatching(/^(127\.0\.0\.1|::1)$/),
          content_type: FORM["content-type"],
        })
        expect(requests[0].body).toContain("agreementId=***")
        expect(requests[0].body).not.toContain(SECRET)
        expect(requests[0].body_size).toBe(Buffer.byteLength(encodeForm(makePushBody([tx], { agreementId: SECRET }))))

        expect(rowEvents).toEqual([
          expect.objectContaining({ type: "received", reason_code: "first_delivery", transaction_id: transactions[0].id, request_id: requests[0].id }),
        ])
        await waitFor(() => events.length === 1)
        expect(events[0]).toEqual({ id: transactions[0].id, connection_id: conn.id, upd_date_time: tx.head.updDateTime })
      })

      it("accepts agreementId in the query string and keeps it out of the stored query", async () => {
        await connect()
        const res = await post(encodeForm(makePushBody([saleScenario({ id: "2001" })])), {
          query: `?agreementId=${encodeURIComponent(SECRET)}&shop=shibuya`,
        })
        expect(res.status).toBe(200)
        expect(res.data).toEqual({ result: [{ TransactionHead: 1 }] })
        const { requests, transactions } = await stored()
        expect(transactions.map((t) => t.transaction_head_id)).toEqual(["2001"])
        expect(requests[0].query).toEqual({ agreementId: "***", shop: "shibuya" })
        expect(JSON.stringify(requests[0])).not.toContain(SECRET)
      })

      it.each([
        ["form fields as JSON", (txs: any) => JSON.stringify(makePushBody(txs, { agreementId: SECRET })), ""],
        ["params as a JSON object", (txs: any) => JSON.stringify({ proc_name: "transaction_send", params: makePushEnvelope(txs), agreementId: SECRET }), ""],
        ["the bare envelope, agreementId in the query", (txs: any) => JSON.stringify(makePushEnvelope(txs)), `?agreementId=${SECRET}`],
      ])("accepts a JSON body: %s", async (_name, build, query) => {
        await connect()
        const res = await post(build([saleScenario({ id: "3001" })]), { query, headers: { "content-type": "application/json" } })
        expect(res.status).toBe(200)
        expect(res.data).toEqual({ result: [{ TransactionHead: 1 }] })
        const { transactions, requests } = await stored()
        expect(transactions.map((t) => t.transaction_head_id)).toEqual(["3001"])
        expect(requests[0].body).not.toContain(SECRET)
      })

      it("stores every head of a multi-head push and answers their number", async () => {
        await connect()
        const events = received()
        const txs = burst(3, { startId: "5000" })
        const res = await post(encodeForm(makePushBody(txs, { agreementId: SECRET, asciiEscape: true })))
        expect(res.status).toBe(200)
        expect(res.data).toEqual({ result: [{ TransactionHead: 3 }] })
        const { transactions, requests, events: rowEvents } = await stored()
        expect(transactions.map((t) => t.transaction_head_id)).toEqual(["5000", "5001", "5002"])
        expect(transactions.every((t) => (t.details as unknown as unknown[]).length === 1)).toBe(true)
        expect((transactions[0].details as unknown as any[])[0].productName).toBe("Tシャツ")
        expect(requests).toHaveLength(1)
        expect(requests[0].head_count).toBe(3)
        expect(rowEvents).toHaveLength(3)
        await waitFor(() => events.length === 3)
        expect(new Set(events.map((e) => e.id))).toEqual(new Set(transactions.map((t) => t.id)))
      })

      it("keeps the newest data of a head whatever order deliveries arrive in", async () => {
        await connect()
        const original = saleScenario({ id: "7001" })
        const newer = updateScenario(original, { minutes: 10, memo: "newer memo" })
        const body = (tx: typeof original) => encodeForm(makePushBody([tx], { agreementId: SECRET }))

        expect((await post(body(newer))).status).toBe(200)
        expect((await post(body(original))).status).toBe(200)
        expect((await post(body(newer))).status).toBe(200)

        const { transactions, events, requests } = await stored()
        expect(transactions).toHaveLength(1)
        expect(transactions[0].upd_date_time).toBe(newer.head.updDateTime)
        expect((transactions[0].head as any).memo).toBe("newer memo")
        expect(transactions[0].request_id).toBe(requests[2].id)
        expect(events.map((e) => [e.reason_code, e.upd_date_time])).toEqual([
          ["first_delivery", newer.head.updDateTime],
          ["older_data", original.head.updDateTime],
          ["newest_data", newer.head.updDateTime],
        ])
        expect(events[1].message).toContain(newer.head.updDateTime)
        expect(requests).toHaveLength(3)
      })

      it("stores one row for twenty concurrent deliveries of the same push", async () => {
        await connect()
        const body = encodeForm(makePushBody([saleScenario({ id: "8001" })], { agreementId: SECRET }))
        const replies = await Promise.all(Array.from({ length: 20 }, () => post(body)))
        expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200))
        const { transactions, events, requests } = await stored()
        expect(transactions).toHaveLength(1)
        expect(requests).toHaveLength(20)
        expect(events).toHaveLength(20)
        expect(events.filter((e) => e.reason_code === "first_delivery")).toHaveLength(1)
        expect(new Set(events.map((e) => e.transaction_id))).toEqual(new Set([transactions[0].id]))
      })

      it("separates connections: the same head id under two contracts is two rows", async () => {
        const a = await connect({}, "contract-a-secret")
        const b = await connect({}, "contract-b-secret")
        const tx = saleScenario({ id: "9001" })
        expect((await post(encodeForm(makePushBody([tx], { agreementId: "contract-a-secret" })))).status).toBe(200)
        expect((await post(encodeForm(makePushBody([tx], { agreementId: "contract-b-secret" })))).status).toBe(200)
        const { transactions } = await stored()
        expect(transactions.map((t) => t.connection_id).sort()).toEqual([a.id, b.id].sort())
      })
    })

    describe("authentication (IN-2)", () => {
      it.each([
        ["a wrong agreementId", { agreementId: "shibuya-agreement-0002" }, ""],
        ["no agreementId", {}, ""],
        ["a wrong agreementId in the query", {}, "?agreementId=nope-nope-nope"],
      ])("refuses %s with 403 and stores nothing", async (_name, opts, query) => {
        await connect()
        const res = await post(encodeForm(makePushBody([saleScenario()], opts)), { query })
        expect(res.status).toBe(403)
        expect(res.data).toEqual({ error: "forbidden", message: expect.any(String) })
        expect(JSON.stringify(res.data)).not.toContain(SECRET)
        const { requests, transactions, events } = await stored()
        expect([requests.length, transactions.length, events.length]).toEqual([0, 0, 0])
      })

      it("refuses a disabled connection", async () => {
        const conn = await connect()
        await smaregi().updateConnection(conn.id, { enabled: false })
        const res = await post(encodeForm(makePushBody([saleScenario()], { agreementId: SECRET })))
        expect(res.status).toBe(403)
        expect((await stored()).transactions).toHaveLength(0)
      })

      it.each([
        ["client outside the allow-list", 403, "198.51.100.7", { allowedSources: ["203.0.113.0/24"], trustedProxies: LOOPBACK }],
        ["client inside the allowed range", 200, "203.0.113.50", { allowedSources: ["203.0.113.0/24"], trustedProxies: LOOPBACK }],
        ["spoofed left entry is not trusted", 403, "203.0.113.50, 198.51.100.7", { allowedSources: ["203.0.113.0/24"], trustedProxies: LOOPBACK }],
        ["a trusted proxy's entry is skipped", 200, "203.0.113.50, 10.0.0.2", { allowedSources: ["203.0.113.0/24"], trustedProxies: [...LOOPBACK, "10.0.0.0/8"] }],
        ["an untrusted hop stops the walk", 403, "203.0.113.50, 10.0.0.2", { allowedSources: ["203.0.113.0/24"], trustedProxies: LOOPBACK }],
        ["no proxy trusted: the header is ignored", 403, "203.0.113.50", { allowedSources: ["203.0.113.0/24"], trustedProxies: [] }],
        ["the socket is not a trusted proxy: the header is ignored", 403, "203.0.113.50", { allowedSources: ["203.0.113.0/24"], trustedProxies: ["10.0.0.0/8"] }],
        ["old settings (trustedProxyHops 1) trust the loopback proxy", 200, "203.0.113.50", { allowedSources: ["203.0.113.0/24"], trustedProxyHops: 1 }],
        ["empty allow-list rejects everything", 403, "127.0.0.1", { allowedSources: [], trustedProxies: LOOPBACK }],
        ["allowAnySource with an empty list", 200, "198.51.100.7", { allowedSources: [], allowAnySource: true, trustedProxies: LOOPBACK }],
        ["IPv6 range", 200, "2001:db8:1::5", { allowedSources: ["2001:db8::/32"], trustedProxies: LOOPBACK }],
      ])("%s → %i (X-Forwarded-For: %s)", async (_name, status, forwardedFor, settings) => {
        await connect(settings)
        const res = await post(encodeForm(makePushBody([saleScenario()], { agreementId: SECRET })), {
          headers: { "x-forwarded-for": forwardedFor },
        })
        expect(res.status).toBe(status)
        const { transactions, requests } = await stored()
        expect(transactions).toHaveLength(status === 200 ? 1 : 0)
        expect(requests).toHaveLength(status === 200 ? 1 : 0)
        if (status === 403) expect(res.data.error).toBe("forbidden")
        else expect(requests[0].source_ip).toBe(forwardedFor.split(",")[0].trim())
      })
    })

    describe("malformed pushes (IN-3): 400, and still stored", () => {
      const tx = saleScenario({ id: "4001" })
      const envelope = makePushEnvelope([tx])
      it.each([
        ["missing params", { proc_name: "transaction_send" }, "missing_params", /params is missing/],
        ["params is not JSON", { proc_name: "transaction_send", params: '{"data":[{"table_name":"TransactionHead","rows":[' }, "invalid_json", /params is not valid JSON/],
        ["no TransactionHead table", { params: JSON.stringify({ data: [envelope.data[1]] }) }, "missing_head_table", /no TransactionHead table/],
        ["data is not an array", { params: JSON.stringify({ data: {} }) }, "invalid_envelope", /params\.data must be an array/],
        ["a head without transactionHeadId", { params: JSON.stringify({ data: [{ table_name: "TransactionHead", rows: [{ total: "1" }] }] }) }, "invalid_head", /transactionHeadId is required/],
      ])("%s", async (_name, fields, code, message) => {
        const conn = await connect()
        const text = encodeForm({ ...fields, agreementId: SECRET } as Record<string, string>)
        const res = await post(text)
        expect(res.status).toBe(400)
        expect(res.data).toEqual({ error: code, message: expect.stringMatching(message) })
        const { requests, transactions } = await stored()
        expect(transactions).toHaveLength(0)
        expect(requests).toHaveLength(1)
        expect(requests[0]).toMatchObject({
          connection_id: conn.id,
          outcome: "malformed",
          http_status: 400,
          error_code: code,
          error_message: res.data.message,
          body_size: Buffer.byteLength(text),
        })
        expect(requests[0].body).toBe(text.replace(`agreementId=${SECRET}`, "agreementId=***"))
      })

      it("stores a broken JSON body that a JSON parser would have refused", async () => {
        await connect()
        const res = await post('{"params": {"data": [', { query: `?agreementId=${SECRET}`, headers: { "content-type": "application/json" } })
        expect(res.status).toBe(400)
        expect(res.data.error).toBe("invalid_json")
        const { requests } = await stored()
        expect(requests[0]).toMatchObject({ outcome: "malformed", body: '{"params": {"data": [', query: { agreementId: "***" } })
      })
    })

    describe("odd content never causes a 5xx", () => {
      it("stores NUL characters and unpaired surrogates as U+FFFD", async () => {
        await connect()
        const tx = saleScenario({ id: "4501" })
        tx.head.memo = "before\u0000after"
        tx.details[0]!.productName = "T\ud800シャツ"
        const res = await post(encodeForm(makePushBody([tx], { agreementId: SECRET })))
        expect(res.status).toBe(200)
        const { transactions } = await stored()
        expect((transactions[0].head as any).memo).toBe("before\ufffdafter")
        expect((transactions[0].details as unknown as any[])[0].productName).toBe("T\ufffdシャツ")
      })

      it("stores a malformed body holding a raw NUL byte", async () => {
        await connect()
        const res = await post(`agreementId=${SECRET}&params=%7B%22data%22%3A\u0000`)
        expect(res.status).toBe(400)
        const { requests } = await stored()
        expect(requests[0]).toMatchObject({ outcome: "malformed", error_code: "invalid_json" })
        expect(requests[0].body).toContain("\ufffd")
      })

      it("accepts a form body sent as text/plain", async () => {
        await connect()
        const res = await post(encodeForm(makePushBody([saleScenario({ id: "4502" })], { agreementId: SECRET })), {
          headers: { "content-type": "text/plain" },
        })
        expect(res.status).toBe(200)
      })

      it("refuses a compressed body with 415", async () => {
        await connect()
        const res = await post("ignored", { headers: { "content-encoding": "gzip" } })
        expect(res.status).toBe(415)
        expect(res.data.error).toBe("unsupported_encoding")
      })
    })

    describe("size limit", () => {
      afterEach(() => {
        delete process.env.SMAREGI_WEBHOOK_MAX_BYTES
      })

      it("answers 413 as JSON for a body over the default 1 MB, storing nothing", async () => {
        await connect()
        const padding = "x".repeat(1024 * 1024)
        const res = await post(`${encodeForm(makePushBody([saleScenario()], { agreementId: SECRET }))}&memo=${padding}`)
        expect(res.status).toBe(413)
        expect(res.headers["content-type"]).toMatch(/application\/json/)
        expect(res.data).toEqual({ error: "payload_too_large", message: expect.stringContaining(String(1024 * 1024)) })
        expect((await stored()).requests).toHaveLength(0)
      })

      it("takes the limit from SMAREGI_WEBHOOK_MAX_BYTES", async () => {
        await connect()
        const body = encodeForm(makePushBody([saleScenario()], { agreementId: SECRET }))
        process.env.SMAREGI_WEBHOOK_MAX_BYTES = String(body.length - 1)
        const over = await post(body)
        expect(over.status).toBe(413)
        expect(over.data.message).toContain(String(body.length - 1))
        process.env.SMAREGI_WEBHOOK_MAX_BYTES = String(body.length)
        const fits = await post(body)
        expect(fits.status).toBe(200)
      })

      it("answers 413 for a chunked body without Content-Length", async () => {
        await connect()
        process.env.SMAREGI_WEBHOOK_MAX_BYTES = "1kb"
        const { Readable } = await import("node:stream")
        const stream = Readable.from([Buffer.from(`agreementId=${SECRET}&params=`), Buffer.alloc(4096, "a")])
        const res: Reply = await api.post(URL, stream, { headers: FORM, validateStatus: () => true })
        expect(res.status).toBe(413)
        expect(res.data.error).toBe("payload_too_large")
      })
    })
  },
})

async function waitFor(check: () => boolean, timeoutMs = 5000) {
  const until = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out waiting")
    await new Promise((r) => setTimeout(r, 20))
  }
}
