import { medusaIntegrationTestRunner } from "../helpers/runner"
import { encodeForm, makePushBody, makePushParams } from "../../src/smaregi/__fixtures__/push-bodies"
import { saleScenario } from "../../src/smaregi/__fixtures__/scenarios"
import type { ConnectionSettingsInput } from "../../src/smaregi/settings"
import { FORM, LOOPBACK, SECRET, captureLogs, leakForms, leaks, safeJson, securitySuite } from "./security.helpers"
import { sql } from "../helpers/sql"

// IN-2 / issue 14: the webhook refuses without the secret or from a foreign source, bounds the body and stores no form of the secret.

jest.setTimeout(180_000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const { smaregi, connect, push } = securitySuite(api, getContainer)

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
        const rows = await sql(getContainer(), `SELECT body, query FROM smaregi_request`)
        expect(rows).toHaveLength(1)
        const text = safeJson(rows)
        expect([SECRET, percentAll(SECRET), uEscapeAll(SECRET), ...leakForms(SECRET)].filter((form) => text.includes(form))).toEqual([])
        expect(await smaregi().listSmaregiTransactions({ transaction_head_id: "94001" })).toHaveLength(1)
      })
    })
  },
})
