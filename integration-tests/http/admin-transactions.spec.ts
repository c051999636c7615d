import { medusaIntegrationTestRunner } from "../helpers/runner"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { seedDemoStore } from "../../dev/seed/demo-store"
import { encodeForm, makePushBody, makePushParams } from "../../src/smaregi/__fixtures__/push-bodies"
import { memberSaleScenario, saleScenario } from "../../src/smaregi/__fixtures__/scenarios"
import { SECRET, adminConnectionsSuite } from "./admin-connections.helpers"

// The admin transaction routes: dry run, replay, and the transaction, request and stats lists.

jest.setTimeout(120_000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const { call, smaregi, createConnection } = adminConnectionsSuite(api, getContainer)

    describe("dry run", () => {
      it.each([
        ["params as Smaregi sends it (a JSON string)", (p: string) => ({ params: p })],
        ["params as an object", (p: string) => ({ params: JSON.parse(p) })],
        ["a raw captured form body", (p: string) => ({ body: encodeForm({ proc_name: "transaction_send", params: p }) })],
      ])("previews the order for %s and writes nothing", async (_name, payload) => {
        const store = await seedDemoStore(getContainer())
        const conn = await createConnection({
          settings: { salesChannelId: store.salesChannelId, regionId: store.regionId, allowedSources: ["127.0.0.1"] },
        })
        const params = makePushParams([saleScenario({ id: "6001", skus: ["TSHIRT-NAVY-M:2:5500"] })])
        const res = await call("post", "/admin/smaregi/transactions/dry-run", { connection_id: conn.id, ...payload(params) })
        expect(res.status).toBe(200)
        expect(res.data.preview.connection_id).toBe(conn.id)
        expect(res.data.preview.transactions).toHaveLength(1)
        expect(res.data.preview.transactions[0]).toMatchObject({ transaction_head_id: "6001", existing: null })
        expect(res.data.preview.transactions[0].lines[0]).toMatchObject({ product_code: "TSHIRT-NAVY-M", variant_id: store.variants["TSHIRT-NAVY-M"] })

        expect(await smaregi().listSmaregiTransactions()).toHaveLength(0)
        expect(await smaregi().listSmaregiRequests()).toHaveLength(0)
        const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
        const { data: orders } = await query.graph({ entity: "order", fields: ["id"] })
        expect(orders).toHaveLength(0)
      })

      it.each([
        ["params that are not JSON", { params: '{"data":[' }, 400, /params: params is not valid JSON/],
        ["a body without params", { body: "proc_name=transaction_send" }, 400, /body: params is missing/],
        ["neither params nor body", {}, 400, /params or body is required/],
        ["no connection", { connection_id: undefined, params: "{}" }, 400, /connection_id/],
        ["an unknown connection", { connection_id: "smcon_nope", params: "{}" }, 404, /smcon_nope/],
      ])("refuses %s", async (_name, body, status, message) => {
        const conn = await createConnection()
        const res = await call("post", "/admin/smaregi/transactions/dry-run", { connection_id: conn.id, ...body })
        expect(res.status).toBe(status)
        expect(res.data.message).toMatch(message)
      })
    })

    describe("replay", () => {
      const setup = async () => {
        const store = await seedDemoStore(getContainer())
        const conn = await createConnection({
          settings: {
            salesChannelId: store.salesChannelId,
            regionId: store.regionId,
            allowedSources: ["127.0.0.1"],
            productCodeMatch: { attribute: "variant_metadata", metadataKey: "smaregi_code" },
          },
        })
        const record = (id: string) =>
          smaregi().recordSmaregiTransactionDelivery({
            connectionId: conn.id,
            transaction: saleScenario({ id, skus: ["TSHIRT-NAVY-M:1:5500"] }),
          })
        return { store, conn, record }
      }

      it("replays one transaction: failed while the mapping is wrong, imported after fixing it", async () => {
        const { conn, record } = await setup()
        const { transactionId } = await record("7101")

        const first = await call("post", `/admin/smaregi/transactions/${transactionId}/replay`)
        expect(first.status).toBe(200)
        expect(first.data.transaction).toMatchObject({ id: transactionId, status: "failed" })
        expect(first.data.transaction.reason).toContain("TSHIRT-NAVY-M")

        await call("post", `/admin/smaregi/connections/${conn.id}`, { settings: { productCodeMatch: { attribute: "sku" } } })
        const second = await call("post", `/admin/smaregi/transactions/${transactionId}/replay`)
        expect(second.status).toBe(200)
        expect(second.data.result).toMatchObject({ transaction_id: transactionId, status: "imported", order_id: expect.any(String) })
        expect(second.data.transaction).toMatchObject({ status: "imported", order_id: second.data.result.order_id })

        const again = await call("post", `/admin/smaregi/transactions/${transactionId}/replay`)
        expect(again.status).toBe(400)
        expect(again.data.message).toMatch(/imported/)
        expect((await call("post", "/admin/smaregi/transactions/smtx_nope/replay")).status).toBe(404)

        const detail = await call("get", `/admin/smaregi/transactions/${transactionId}`)
        expect(detail.data.order_id).toBe(second.data.result.order_id)
        expect(detail.data.events.map((e: any) => e.type)).toEqual(expect.arrayContaining(["received", "replayed"]))
      })

      it("replays every failed transaction at once", async () => {
        const { conn, record } = await setup()
        const rows = [await record("7201"), await record("7202"), await record("7203")]
        for (const row of rows.slice(0, 2)) {
          await call("post", `/admin/smaregi/transactions/${row.transactionId}/replay`)
        }
        await call("post", `/admin/smaregi/connections/${conn.id}`, { settings: { productCodeMatch: { attribute: "sku" } } })

        const res = await call("post", "/admin/smaregi/transactions/replay-failed", { connection_id: conn.id })
        expect(res.status).toBe(200)
        expect(res.data).toMatchObject({ replayed: 2, remaining: 0 })
        expect(res.data.results.map((r: any) => [r.transaction_head_id, r.status])).toEqual([
          ["7201", "imported"],
          ["7202", "imported"],
        ])
        const pending = await call("get", "/admin/smaregi/transactions?status=received")
        expect(pending.data.transactions.map((t: any) => t.transaction_head_id)).toEqual(["7203"])

        const bad = await call("post", "/admin/smaregi/transactions/replay-failed", { limit: 0 })
        expect(bad.status).toBe(400)
        expect(bad.data.message).toMatch(/limit/)
      })
    })

    describe("transactions, requests and stats", () => {
      const seed = async () => {
        const a = await createConnection({ name: "A" })
        const b = await createConnection({ name: "B", agreement_secret: "agreement-secret-0002" })
        const record = (connectionId: string, tx: ReturnType<typeof saleScenario>) =>
          smaregi().recordSmaregiTransactionDelivery({ connectionId, transaction: tx })
        const rows = [
          await record(a.id, saleScenario({ id: "1001", storeId: "1" })),
          await record(a.id, memberSaleScenario({ id: "1002", storeId: "2", customerCode: "M000000777" })),
          await record(a.id, saleScenario({ id: "2001", storeId: "2" })),
          await record(b.id, saleScenario({ id: "1001", storeId: "9" })),
        ]
        await smaregi().updateSmaregiTransactions([
          { id: rows[1].transactionId, status: "failed", reason_code: "unknown_product", reason: "no variant for productCode X" },
          { id: rows[2].transactionId, status: "imported", processed_at: new Date() },
        ])
        return { a, b, rows }
      }

      it.each([
        ["no filter: newest first", "", ["1001@B", "2001@A", "1002@A", "1001@A"], 4],
        ["status", "?status=failed", ["1002@A"], 1],
        ["several statuses", "?status=failed,imported", ["2001@A", "1002@A"], 2],
        ["connection", "?connection_id=A", ["2001@A", "1002@A", "1001@A"], 3],
        ["q by head id", "?q=100", ["1001@B", "1002@A", "1001@A"], 3],
        ["q by store id", "?q=9", ["1001@B"], 1],
        ["q by customer code, any case", "?q=m000000777", ["1002@A"], 1],
        ["q with LIKE wildcards is literal", "?q=%25", [], 0],
        ["paged", "?limit=2&offset=1", ["2001@A", "1002@A"], 4],
      ])("lists transactions: %s", async (_name, queryString, expected, count) => {
        const { a, b } = await seed()
        const names: Record<string, string> = { [a.id]: "A", [b.id]: "B" }
        const res = await call("get", `/admin/smaregi/transactions${queryString.replace("connection_id=A", `connection_id=${a.id}`)}`)
        expect(res.status).toBe(200)
        expect(res.data.count).toBe(count)
        expect(res.data.transactions.map((t: any) => `${t.transaction_head_id}@${names[t.connection_id]}`)).toEqual(expected)
        for (const t of res.data.transactions) expect(t).not.toHaveProperty("head")
      })

      it("refuses an unknown status filter naming it", async () => {
        const res = await call("get", "/admin/smaregi/transactions?status=lost")
        expect(res.status).toBe(400)
        expect(res.data.message).toBe("Invalid request: status: lost is not one of received, imported, updated, canceled, skipped, failed, needs_attention")
      })

      it("shows one transaction with its raw data and events", async () => {
        const { rows } = await seed()
        const res = await call("get", `/admin/smaregi/transactions/${rows[1].transactionId}`)
        expect(res.status).toBe(200)
        expect(res.data.transaction).toMatchObject({
          id: rows[1].transactionId,
          transaction_head_id: "1002",
          status: "failed",
          reason: "no variant for productCode X",
          head: { transactionHeadId: "1002", customerCode: "M000000777" },
        })
        expect(res.data.transaction.details).toHaveLength(1)
        expect(res.data.events).toEqual([expect.objectContaining({ type: "received", reason_code: "first_delivery" })])
        expect(res.data.order_id).toBeNull()
        expect((await call("get", "/admin/smaregi/transactions/smtx_nope")).status).toBe(404)
      })

      it("lists raw requests newest first, malformed ones included, with the body only on the detail", async () => {
        const conn = await createConnection()
        const post = (body: string) =>
          api.post("/hooks/smaregi/transactions", body, {
            headers: { "content-type": "application/x-www-form-urlencoded" },
            validateStatus: () => true,
          })
        expect((await post(encodeForm(makePushBody([saleScenario({ id: "3001" })], { agreementId: SECRET })))).status).toBe(200)
        expect((await post(encodeForm({ proc_name: "transaction_send", agreementId: SECRET }))).status).toBe(400)

        const all = await call("get", "/admin/smaregi/requests")
        expect(all.data.count).toBe(2)
        expect(all.data.requests.map((r: any) => r.outcome)).toEqual(["malformed", "accepted"])
        expect(all.data.requests[0]).not.toHaveProperty("body")
        expect(all.data.requests[0]).toMatchObject({ connection_id: conn.id, error_code: "missing_params", http_status: 400 })

        const malformed = await call("get", "/admin/smaregi/requests?outcome=malformed")
        expect(malformed.data.requests).toHaveLength(1)
        const one = await call("get", `/admin/smaregi/requests/${malformed.data.requests[0].id}`)
        expect(one.data.request.body).toBe("proc_name=transaction_send&agreementId=***")
      })

      it("counts today's received, imported, failed and pending transactions", async () => {
        const { a, rows } = await seed()
        const res = await call("get", "/admin/smaregi/stats")
        expect(res.status).toBe(200)
        expect(res.data.stats).toMatchObject({
          time_zone: "Asia/Tokyo",
          received_today: 4,
          imported_today: 1,
          failed_today: 1,
          pending: 2,
          failed: 1,
          needs_attention: 0,
          malformed_today: 0,
          last_push_at: null,
          oldest_pending: { id: rows[0].transactionId, transaction_head_id: "1001", connection_id: a.id },
        })
        const scoped = await call("get", `/admin/smaregi/stats?connection_id=${a.id}&tz=UTC`)
        expect(scoped.data.stats).toMatchObject({ connection_id: a.id, received_today: 3, pending: 1, time_zone: "UTC" })
        const bad = await call("get", "/admin/smaregi/stats?tz=Mars/Olympus")
        expect(bad.status).toBe(400)
        expect(bad.data.message).toMatch(/tz/)
      })
    })
  },
})
