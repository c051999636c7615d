import { medusaIntegrationTestRunner } from "../helpers/runner"
import fs from "node:fs"
import path from "node:path"
import { adminHeaders, registerCustomer } from "../helpers/auth"
import { publishableKey } from "./members-helpers"
import { ADMIN_ROOT, type Method, ROUTES, securitySuite } from "./security.helpers"

// NFR-4 / BAR-1 / PTS-2: who may call the admin routes, and a customer reaches only their own barcode and points.

jest.setTimeout(180_000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const { smaregi, connect, send } = securitySuite(api, getContainer)

    describe("admin routes require an admin (NFR-4)", () => {
      it("finds every admin route file, none of which opts out of authentication", () => {
        expect(ROUTES.length).toBeGreaterThanOrEqual(30)
        expect(ROUTES.map((r) => `${r.method} ${r.url}`)).toEqual(
          expect.arrayContaining(["GET /admin/smaregi/connections", "POST /admin/points/customers/[customer_id]/adjustments", "GET /admin/smaregi/requests/[id]"])
        )
        const optOuts = new Set(ROUTES.map((r) => r.file)).values()
        for (const file of optOuts) {
          expect([file, /export\s+const\s+AUTHENTICATE\s*=\s*false/.test(fs.readFileSync(path.join(ADMIN_ROOT, file), "utf8"))]).toEqual([file, false])
        }
      })

      it(`answers 401 on all ${ROUTES.length} admin smaregi/points routes without a session, with a customer's token or a forged one`, async () => {
        const container = getContainer()
        const pk = await publishableKey(container)
        const { headers: customer } = await registerCustomer(api, pk, { email: "mallory@example.jp", first_name: "M", last_name: "X" })
        const forged = { authorization: `Bearer ${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"actor_id":"user_1","actor_type":"user"}').toString("base64url")}.` }
        const credentials: Array<[string, Record<string, string>]> = [
          ["no session", {}],
          ["a customer's token", { authorization: customer.authorization }],
          ["a forged unsigned token", forged],
          ["a session cookie that does not exist", { cookie: "connect.sid=s%3Anope.nope" }],
        ]
        const failures: string[] = []
        for (const route of ROUTES) {
          const url = route.url.replace(/\[[^\]]+\]/g, "smcon_01HZZZZZZZZZZZZZZZZZZZZZZZ")
          for (const [who, headers] of credentials) {
            const res = await send(route.method, url, headers, route.method === "GET" || route.method === "DELETE" ? undefined : {})
            if (res.status !== 401) failures.push(`${route.method} ${url} with ${who}: ${res.status} ${JSON.stringify(res.data).slice(0, 200)}`)
          }
        }
        expect(failures).toEqual([])
        // The same request with an admin session is not refused, so 401 above means "no admin", not "no route".
        const admin = (await adminHeaders(container)).headers
        expect((await send("GET", "/admin/smaregi/connections", admin)).status).toBe(200)
      })
    })

    describe("a customer reaches only their own barcode and points (BAR-1, PTS-2)", () => {
      it("answers with the session's customer whatever id the request names, and 401 without one", async () => {
        const container = getContainer()
        const conn = await connect()
        const pk = await publishableKey(container)
        const alice = await registerCustomer(api, pk, { email: "alice@example.jp", first_name: "Alice", last_name: "A" })
        const bob = await registerCustomer(api, pk, { email: "bob@example.jp", first_name: "Bob", last_name: "B" })
        await smaregi().createSmaregiMembers([
          { connection_id: conn.id, customer_id: alice.customer.id, smaregi_customer_id: "5001", customer_code: "M000005001", status: "synced", last_synced_at: new Date() },
        ])
        const admin = (await adminHeaders(container)).headers
        const granted = await send("POST", `/admin/points/customers/${alice.customer.id}/adjustments`, admin, { amount: 700, reason: "welcome" })
        expect(granted.status).toBeLessThan(300)

        const mine = await send("GET", "/store/customers/me/smaregi-barcode?format=json", alice.headers)
        expect([mine.status, mine.data.code]).toEqual([200, "M000005001"])
        const alicePoints = await send("GET", "/store/customers/me/points", alice.headers)
        expect([alicePoints.status, alicePoints.data.balance]).toEqual([200, 700])

        const barcodeUrls = [
          "/store/customers/me/smaregi-barcode?format=json",
          `/store/customers/me/smaregi-barcode?format=json&customer_id=${alice.customer.id}`,
          `/store/customers/me/smaregi-barcode?format=json&actor_id=${alice.customer.id}&id=${alice.customer.id}`,
        ]
        for (const url of barcodeUrls) {
          const res = await send("GET", url, bob.headers)
          expect([url, res.status, res.data?.code]).toEqual([url, 404, "member_code_missing"])
          expect(JSON.stringify(res.data)).not.toContain("M000005001")
        }
        for (const url of ["/store/customers/me/points", `/store/customers/me/points?customer_id=${alice.customer.id}`]) {
          const res = await send("GET", url, bob.headers)
          expect([url, res.status, res.data.balance, res.data.history]).toEqual([url, 200, 0, []])
        }
        const bobAdmin: Array<[Method, string]> = [
          ["GET", `/admin/smaregi/customers/${alice.customer.id}/barcode`],
          ["GET", `/admin/smaregi/customers/${alice.customer.id}/member`],
          ["GET", `/admin/points/customers/${alice.customer.id}`],
        ]
        for (const [method, url] of bobAdmin) expect([url, (await send(method, url, bob.headers)).status]).toEqual([url, 401])

        const pkOnly = { "x-publishable-api-key": pk }
        for (const url of ["/store/customers/me/smaregi-barcode", "/store/customers/me/points"]) {
          expect([url, (await send("GET", url, pkOnly)).status]).toEqual([url, 401])
          expect([url, (await send("GET", url, { ...pkOnly, authorization: admin.authorization })).status]).toEqual([url, 401])
        }
      })
    })
  },
})
