import fs from "node:fs"
import path from "node:path"
import { medusaIntegrationTestRunner } from "../helpers/runner"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { type FakeSmaregi, startFakeSmaregi } from "../../dev/fake-smaregi/server"
import { seedDemoStore } from "../../dev/seed/demo-store"
import { SMAREGI_MODULE } from "../../src/modules/smaregi"
import type SmaregiModuleService from "../../src/modules/smaregi/service"
import type { ConnectionSettingsInput } from "../../src/smaregi/settings"
import { encodeForm, makePushBody, makePushParams } from "../../src/smaregi/__fixtures__/push-bodies"
import { saleScenario } from "../../src/smaregi/__fixtures__/scenarios"
import { adminHeaders, registerCustomer } from "../helpers/auth"
import { publishableKey, settleMemberSync, waitForMemberStatus } from "./members-helpers"

// NFR-4 / IN-2: who may call what, and secrets that never leave the database.

jest.setTimeout(180_000)

const SECRET = "agreement-SECRET-7f3a9c21"
const TOKEN = "token-SECRET-d41d8cd98f00b204"
const CONTRACT = "sec-contract-01"
const WEBHOOK = "/hooks/smaregi/transactions"
const FORM = { "content-type": "application/x-www-form-urlencoded; charset=UTF-8" }
const ADMIN_ROOT = path.resolve(__dirname, "../../src/api/admin")
const LOOPBACK = ["127.0.0.1", "::1"]
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const

type Method = (typeof METHODS)[number]
type AdminRoute = { file: string; url: string; method: Method }
type Reply = { status: number; data: any; headers: Record<string, unknown> }

/** Every admin route file and the methods it exports, so a new route is covered without touching this test. */
function adminRoutes(): AdminRoute[] {
  const routes: AdminRoute[] = []
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (/^route\.[jt]s$/.test(entry.name)) {
        const source = fs.readFileSync(full, "utf8")
        const rel = path.relative(ADMIN_ROOT, path.dirname(full)).split(path.sep).join("/")
        const url = `/admin/${rel}`
        for (const m of source.matchAll(/export\s+(?:async\s+)?(?:function|const)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) {
          routes.push({ file: path.relative(ADMIN_ROOT, full), url, method: m[1] as Method })
        }
      }
    }
  }
  walk(ADMIN_ROOT)
  return routes.sort((a, b) => `${a.url} ${a.method}`.localeCompare(`${b.url} ${b.method}`))
}

const ROUTES = adminRoutes()

/** Captures everything the app logs (through the container logger and straight to stdout/stderr). */
function captureLogs(container: MedusaContainer) {
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER) as unknown as Record<string, unknown>
  const lines: string[] = []
  const text = (args: unknown[]) =>
    args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === "string" ? a : safeJson(a))).join(" ")
  const restore: Array<() => void> = []
  for (const name of ["log", "info", "warn", "error", "debug", "verbose", "http", "silly", "panic", "activity", "progress", "success", "failure"]) {
    const original = logger[name]
    if (typeof original !== "function") continue
    logger[name] = (...args: unknown[]) => {
      lines.push(`[${name}] ${text(args)}`)
      return (original as (...a: unknown[]) => unknown).apply(logger, args)
    }
    restore.push(() => (logger[name] = original))
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream)
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      lines.push(Buffer.isBuffer(chunk) ? chunk.toString("utf8") : String(chunk))
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest)
    }) as typeof stream.write
    restore.push(() => (stream.write = original as typeof stream.write))
  }
  return { lines, stop: () => restore.forEach((r) => r()) }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

/** Every way a secret could be written out. */
function leakForms(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString("base64"), JSON.stringify(secret).slice(1, -1)])]
}

function leaks(haystack: string): string[] {
  return [SECRET, TOKEN].flatMap((s) => leakForms(s).filter((form) => haystack.includes(form)))
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let fake: FakeSmaregi

    beforeAll(async () => {
      fake = await startFakeSmaregi({ port: 0, contracts: [{ contractId: CONTRACT, accessToken: TOKEN }] })
    })
    afterAll(async () => {
      await fake.stop()
    })
    beforeEach(() => fake.reset())
    afterEach(async () => {
      await settleMemberSync(getContainer())
    })

    const smaregi = (): SmaregiModuleService => getContainer().resolve(SMAREGI_MODULE)
    const connect = (settings: ConnectionSettingsInput = {}) =>
      smaregi().createConnection({
        name: "Security",
        agreementSecret: SECRET,
        accessToken: TOKEN,
        settings: { allowedSources: ["127.0.0.1", "::1"], apiUrl: fake.url, contractId: CONTRACT, ...settings },
      })
    const send = (method: Method, url: string, headers: Record<string, string> = {}, body?: unknown): Promise<Reply> =>
      api.request({ method, url, headers, data: body, validateStatus: () => true })
    const push = (body: string, opts: { query?: string; headers?: Record<string, string> } = {}): Promise<Reply> =>
      api.post(`${WEBHOOK}${opts.query ?? ""}`, body, { headers: { ...FORM, ...opts.headers }, validateStatus: () => true })

    describe("webhook authentication (IN-2): 403, nothing stored, nothing processed", () => {
      const valid = () => encodeForm(makePushBody([saleScenario({ id: "91001" })], { agreementId: SECRET }))
      const without = () => encodeForm(makePushBody([saleScenario({ id: "91001" })]))
      it.each<[string, () => string, { query?: string; headers?: Record<string, string> }, ConnectionSettingsInput, boolean]>([
        ["no agreementId at all", without, {}, {}, false],
        ["an empty agreementId", () => `${without()}&agreementId=`, {}, {}, false],
        ["a wrong agreementId", () => `${without()}&agreementId=agreement-SECRET-7f3a9c22`, {}, {}, false],
        ["the secret in another case", () => `${without()}&agreementId=${SECRET.toUpperCase()}`, {}, {}, false],
        ["a prefix of the secret", () => `${without()}&agreementId=${SECRET.slice(0, -1)}`, {}, {}, false],
        ["the secret under another parameter name", () => `${without()}&agreement=${SECRET}`, {}, {}, false],
        ["the secret as a header only", without, { headers: { agreementId: SECRET, authorization: `Bearer ${SECRET}` } }, {}, false],
        ["a wrong secret in the body beats a right one in the query", () => `${without()}&agreementId=nope-nope-nope`, { query: `?agreementId=${SECRET}` }, {}, false],
        ["a source outside the allow-list", valid, { headers: { "x-forwarded-for": "198.51.100.7" } }, { allowedSources: ["203.0.113.0/24"], trustedProxies: LOOPBACK }, false],
        ["a spoofed X-Forwarded-For without trusted proxies", valid, { headers: { "x-forwarded-for": "203.0.113.9" } }, { allowedSources: ["203.0.113.0/24"], trustedProxies: [] }, false],
        ["a spoofed X-Forwarded-For from a socket that is not a trusted proxy", valid, { headers: { "x-forwarded-for": "203.0.113.9" } }, { allowedSources: ["203.0.113.0/24"], trustedProxies: ["10.0.0.0/8"] }, false],
        ["an empty allow-list", valid, {}, { allowedSources: [] }, false],
        ["a disabled connection", valid, {}, {}, true],
      ])("refuses %s", async (_name, body, opts, settings, disable) => {
        const conn = await connect(settings)
        if (disable) await smaregi().updateConnection(conn.id, { enabled: false })
        const res = await push(body(), opts)
        expect(res.status).toBe(403)
        expect(res.data).toEqual({ error: "forbidden", message: expect.any(String) })
        expect(leaks(JSON.stringify(res.data))).toEqual([])
        const [requests, transactions] = await Promise.all([smaregi().listSmaregiRequests({}), smaregi().listSmaregiTransactions({})])
        expect([requests.length, transactions.length]).toEqual([0, 0])
      })

      it("accepts the same push with the secret from an allowed source (the refusals above are not a broken webhook)", async () => {
        await connect()
        const res = await push(valid())
        expect(res.status).toBe(200)
        expect(await smaregi().listSmaregiTransactions({})).toHaveLength(1)
      })
    })

    describe("webhook: source checked before the body, bounded body, no stored secret (issue 14)", () => {
      const oversized = () => `${encodeForm(makePushBody([saleScenario({ id: "93001" })], { agreementId: SECRET }))}&memo=${"x".repeat(1024 * 1024)}`
      const stored = async () => {
        const [requests, transactions] = await Promise.all([smaregi().listSmaregiRequests({}), smaregi().listSmaregiTransactions({})])
        return [requests.length, transactions.length]
      }

      it("refuses a source no enabled connection allows with 403 before reading the body; an allowed one gets 413 beyond 1 MB", async () => {
        const capture = captureLogs(getContainer())
        try {
          await connect({ allowedSources: ["203.0.113.0/24"], trustedProxies: LOOPBACK })
          // A disabled connection's allow-list opens nothing.
          const other = await smaregi().createConnection({
            name: "Disabled",
            agreementSecret: "other-agreement-secret-01",
            settings: { allowedSources: ["198.51.100.0/24"], trustedProxies: LOOPBACK },
          })
          await smaregi().updateConnection(other.id, { enabled: false })

          const outsider = { headers: { "x-forwarded-for": "198.51.100.7" } }
          for (const body of [oversized(), "{not a form", encodeForm(makePushBody([saleScenario({ id: "93002" })], { agreementId: SECRET }))]) {
            const res = await push(body, outsider)
            expect([res.status, res.data]).toEqual([403, { error: "forbidden", message: expect.any(String) }])
          }
          expect(capture.lines.some((l) => l.includes("rejected source=198.51.100.7 reason=not in any enabled connection's allowedSources"))).toBe(true)
          expect(await stored()).toEqual([0, 0])

          const insider = { headers: { "x-forwarded-for": "203.0.113.9" } }
          const tooLarge = await push(oversized(), insider)
          expect(tooLarge.status).toBe(413)
          expect(tooLarge.data).toEqual({
            error: "payload_too_large",
            message: `request body is larger than the limit of ${1024 * 1024} bytes (module option webhookMaxBytes or SMAREGI_WEBHOOK_MAX_BYTES)`,
          })
          expect(await stored()).toEqual([0, 0])
          expect((await push(encodeForm(makePushBody([saleScenario({ id: "93003" })], { agreementId: SECRET })), insider)).status).toBe(200)
          expect(await stored()).toEqual([1, 1])
        } finally {
          capture.stop()
        }
      })

      const percentAll = (text: string) => [...Buffer.from(text)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join("")
      const uEscapeAll = (text: string) => [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")
      const envelope = () => makePushParams([saleScenario({ id: "94001" })])
      it.each<[string, () => string, string]>([
        ["a percent-encoded name and value", () => `${percentAll("agreementId")}=${percentAll(SECRET)}&params=${encodeURIComponent(envelope())}`, FORM["content-type"]],
        ["a \\u-escaped JSON name and value", () => `{"${uEscapeAll("agreementId")}":"${uEscapeAll(SECRET)}","params":${JSON.stringify(envelope())}}`, "application/json"],
        [
          "the secret \\u-escaped again inside params",
          () => `agreementId=${SECRET}&params=${encodeURIComponent(envelope().replace(/^\{/, `{"note":"${uEscapeAll(SECRET)}",`))}`,
          FORM["content-type"],
        ],
      ])("stores no form of the agreement secret sent as %s", async (_name, body, contentType) => {
        await connect()
        const res = await push(body(), { headers: { "content-type": contentType } })
        expect(res.status).toBe(200)
        const rows = await smaregi().executeSql(`SELECT body, query FROM smaregi_request`)
        expect(rows).toHaveLength(1)
        const text = safeJson(rows)
        expect([SECRET, percentAll(SECRET), uEscapeAll(SECRET), ...leakForms(SECRET)].filter((form) => text.includes(form))).toEqual([])
        expect(await smaregi().listSmaregiTransactions({ transaction_head_id: "94001" })).toHaveLength(1)
      })
    })

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
                apiUrl: fake.url,
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
          fake.fault({ smaregiError: { code: 13, message: "アクセストークンが無効です。" }, times: 1 })
          const refused = record("test refused", await send("POST", `/admin/smaregi/connections/${connectionId}/test-connection`, admin, {}))
          expect(refused.data.ok).toBe(false)
          fake.fault({ status: 500, times: 1 })
          record("test 500", await send("POST", `/admin/smaregi/connections/${connectionId}/test-connection`, admin, {}))

          // Webhook: refused, malformed, accepted (secret in the body and in the query), with a failing import.
          const tx = saleScenario({ id: "92001" })
          record("push wrong", await push(encodeForm(makePushBody([tx], { agreementId: `${SECRET}x` }))))
          record("push malformed", await push(encodeForm({ agreementId: SECRET, params: `{"secret":"${SECRET}"` })))
          record("push body", await push(encodeForm(makePushBody([tx], { agreementId: SECRET }))))
          record("push query", await push(encodeForm(makePushBody([saleScenario({ id: "92002", productCode: "NOPE" })])), { query: `?agreementId=${encodeURIComponent(SECRET)}&note=${SECRET}` }))

          // Member pushes: one refused with Smaregi's token error, then synced.
          const pk = store.publishableKey
          fake.fault({ smaregiError: { code: 13, message: "アクセストークンが無効です。" }, times: 1 })
          const { customer, headers: customerHeaders } = await registerCustomer(api, pk, { email: "leak@example.jp", first_name: "Leak", last_name: "Check" })
          await waitForMemberStatus(container, customer.id, "failed", 20_000).catch(() => undefined)
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

          const [raw] = await smaregi().executeSql(`SELECT * FROM smaregi_connection WHERE id = ?`, [connectionId])
          expect(leaks(safeJson(raw))).toEqual([])
          expect(String(raw!.access_token_encrypted)).toMatch(/^v2:[0-9a-f]{12}:/)
          const [requestRows, transactionRows, memberRows] = await Promise.all([
            smaregi().executeSql(`SELECT * FROM smaregi_request`),
            smaregi().executeSql(`SELECT * FROM smaregi_transaction`),
            smaregi().executeSql(`SELECT * FROM smaregi_member`),
          ])
          expect(leaks(safeJson([requestRows, transactionRows, memberRows]))).toEqual([])
        } finally {
          capture.stop()
        }

        // The capture saw the webhook's refusal, so an empty log is not mistaken for a clean one.
        expect(capture.lines.some((l) => l.includes("smaregi webhook: rejected"))).toBe(true)
        expect(fake.requests.some((r) => r.headers.some(([name, value]) => name === "X_access_token" && value === TOKEN))).toBe(true)
        expect(bodies.length).toBeGreaterThan(ROUTES.filter((r) => r.method === "GET").length)
        expect(bodies.filter((b) => leaks(b).length).map((b) => b.slice(0, 300))).toEqual([])
        expect(capture.lines.filter((l) => leaks(l).length).map((l) => l.slice(0, 300))).toEqual([])
      })
    })
  },
})
