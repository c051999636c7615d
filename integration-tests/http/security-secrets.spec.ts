import { medusaIntegrationTestRunner } from "../helpers/runner"
import { seedDemoStore } from "../../dev/seed/demo-store"
import { encodeForm, makePushBody } from "../../src/smaregi/__fixtures__/push-bodies"
import { saleScenario } from "../../src/smaregi/__fixtures__/scenarios"
import { adminHeaders, registerCustomer } from "../helpers/auth"
import { waitForMemberStatus } from "./members-helpers"
import { CONTRACT, type Reply, ROUTES, SECRET, TOKEN, captureLogs, leaks, safeJson, securitySuite } from "./security.helpers"
import { sql } from "../helpers/sql"

// NFR-4: the access token and agreement secret never leave the database.

jest.setTimeout(180_000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const { fake, smaregi, send, push } = securitySuite(api, getContainer)

    describe("secrets never leave the database (NFR-4)", () => {
      it("keeps the access token and agreement secret out of every API response and log line, and encrypted at rest", async () => {
        const container = getContainer()
        const capture = captureLogs(container)
        const bodies: string[] = []
        const record = (label: string, res: Reply) => {
          bodies.push(`${label} ${res.status} ${typeof res.data === "string" ? res.data : safeJson(res.data)} ${safeJson(res.headers)}`)
          return res
        }
        try {
          const store = await seedDemoStore(container)
          const admin = (await adminHeaders(container)).headers
          const created = record(
            "create connection",
            await send("POST", "/admin/smaregi/connections", admin, {
              name: "Leak check",
              agreement_secret: SECRET,
              access_token: TOKEN,
              settings: {
                apiUrl: fake().url,
                contractId: CONTRACT,
                allowedSources: ["127.0.0.1", "::1"],
                salesChannelId: store.salesChannelId,
                regionId: store.regionId,
                memberSyncEnabled: true,
                timeoutMs: 500,
                errorMail: { enabled: true, to: ["ops@shop.example.jp"] },
              },
            })
          )
          expect(created.status).toBe(200)
          const connectionId: string = created.data.connection.id

          // Smaregi answers well, then refuses the token, then fails: every path logs or reports something.
          record("test ok", await send("POST", `/admin/smaregi/connections/${connectionId}/test-connection`, admin, {}))
          fake().fault({ smaregiError: { code: 13, message: "アクセストークンが無効です。" }, times: 1 })
          const refused = record("test refused", await send("POST", `/admin/smaregi/connections/${connectionId}/test-connection`, admin, {}))
          expect(refused.data.ok).toBe(false)
          fake().fault({ status: 500, times: 1 })
          record("test 500", await send("POST", `/admin/smaregi/connections/${connectionId}/test-connection`, admin, {}))

          // Webhook: refused, malformed, accepted (secret in the body and in the query), with a failing import.
          const tx = saleScenario({ id: "92001" })
          record("push wrong", await push(encodeForm(makePushBody([tx], { agreementId: `${SECRET}x` }))))
          record("push malformed", await push(encodeForm({ agreementId: SECRET, params: `{"secret":"${SECRET}"` })))
          record("push body", await push(encodeForm(makePushBody([tx], { agreementId: SECRET }))))
          record("push query", await push(encodeForm(makePushBody([saleScenario({ id: "92002", productCode: "NOPE" })])), { query: `?agreementId=${encodeURIComponent(SECRET)}&note=${SECRET}` }))

          // Member pushes: one refused with Smaregi's token error, then synced.
          const pk = store.publishableKey
          fake().fault({ smaregiError: { code: 13, message: "アクセストークンが無効です。" }, times: 1, procedures: ["customer_upd"] })
          const { customer, headers: customerHeaders } = await registerCustomer(api, pk, { email: "leak@example.jp", first_name: "Leak", last_name: "Check" })
          await waitForMemberStatus(container, customer.id, "failed", 20_000)
          record("resync", await send("POST", `/admin/smaregi/members/resync-failed`, admin, { connection_id: connectionId }))
          await waitForMemberStatus(container, customer.id, "synced", 20_000)

          const [member] = await smaregi().listSmaregiMembers({ customer_id: customer.id })
          const [transaction] = await smaregi().listSmaregiTransactions({ transaction_head_id: "92001" })
          const [request] = await smaregi().listSmaregiRequests({})
          const rule = record("rank rule", await send("POST", "/admin/points/rank-rules", admin, { customer_group_id: "cusgroup_x", name: "Gold", threshold: 1000 }))
          const ids: Record<string, string> = {
            connections: connectionId,
            members: member!.id,
            transactions: transaction!.id,
            requests: request!.id,
            customers: customer.id,
            "rank-rules": rule.data?.rank_rule?.id ?? "none",
            backfill: "none",
          }
          const backfill = record("backfill", await send("POST", "/admin/smaregi/members/backfill", admin, { connection_id: connectionId }))
          ids.backfill = backfill.data?.backfill?.id ?? "none"

          // Every admin GET route, with real ids where the route takes one.
          for (const route of ROUTES.filter((r) => r.method === "GET")) {
            const url = route.url.replace(/\/([^/]+)\/\[[^\]]+\]/g, (_m, parent: string) => `/${parent}/${ids[parent] ?? "none"}`)
            record(`GET ${url}`, await send("GET", url, admin))
          }
          record("me/points", await send("GET", "/store/customers/me/points", customerHeaders))
          record("me/barcode", await send("GET", "/store/customers/me/smaregi-barcode?format=json", customerHeaders))
          record("customer", await send("GET", "/store/customers/me", customerHeaders))
          record("admin customer", await send("GET", `/admin/customers/${customer.id}`, admin))
          record("admin order list", await send("GET", "/admin/orders?fields=*metadata", admin))

          const [raw] = await sql(getContainer(), `SELECT * FROM smaregi_connection WHERE id = ?`, [connectionId])
          expect(leaks(safeJson(raw))).toEqual([])
          expect(String(raw!.access_token_encrypted)).toMatch(/^v2:[0-9a-f]{12}:/)
          const [requestRows, transactionRows, memberRows] = await Promise.all([
            sql(getContainer(), `SELECT * FROM smaregi_request`),
            sql(getContainer(), `SELECT * FROM smaregi_transaction`),
            sql(getContainer(), `SELECT * FROM smaregi_member`),
          ])
          expect(leaks(safeJson([requestRows, transactionRows, memberRows]))).toEqual([])
        } finally {
          capture.stop()
        }

        // The capture saw the webhook's refusal, so an empty log is not mistaken for a clean one.
        expect(capture.lines.some((l) => l.includes("smaregi webhook: rejected"))).toBe(true)
        expect(fake().requests.some((r) => r.headers.some(([name, value]) => name === "X_access_token" && value === TOKEN))).toBe(true)
        expect(bodies.length).toBeGreaterThan(ROUTES.filter((r) => r.method === "GET").length)
        expect(bodies.filter((b) => leaks(b).length).map((b) => b.slice(0, 300))).toEqual([])
        expect(capture.lines.filter((l) => leaks(l).length).map((l) => l.slice(0, 300))).toEqual([])
      })
    })
  },
})
