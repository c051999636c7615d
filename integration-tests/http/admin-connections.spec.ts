import { medusaIntegrationTestRunner } from "../helpers/runner"
import { DEFAULT_ORDER_FIELD_MAPPING } from "../../src/smaregi/settings"
import { encodeForm, makePushBody } from "../../src/smaregi/__fixtures__/push-bodies"
import { saleScenario } from "../../src/smaregi/__fixtures__/scenarios"
import { SECRET, adminConnectionsSuite } from "./admin-connections.helpers"

// The admin connection routes: authentication, create/read/update/delete, field mapping files and the connection test.

jest.setTimeout(120_000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const { call, smaregi, createConnection, fake } = adminConnectionsSuite(api, getContainer)

    describe("authentication", () => {
      it.each([
        ["get", "/admin/smaregi/connections"],
        ["post", "/admin/smaregi/connections"],
        ["get", "/admin/smaregi/connections/smcon_x"],
        ["post", "/admin/smaregi/connections/smcon_x"],
        ["delete", "/admin/smaregi/connections/smcon_x"],
        ["post", "/admin/smaregi/connections/smcon_x/test-connection"],
        ["get", "/admin/smaregi/connections/smcon_x/field-mapping"],
        ["get", "/admin/smaregi/connections/default-field-mapping"],
        ["get", "/admin/smaregi/transactions"],
        ["get", "/admin/smaregi/transactions/smtx_x"],
        ["post", "/admin/smaregi/transactions/smtx_x/replay"],
        ["post", "/admin/smaregi/transactions/replay-failed"],
        ["post", "/admin/smaregi/transactions/dry-run"],
        ["get", "/admin/smaregi/requests"],
        ["get", "/admin/smaregi/requests/smreq_x"],
        ["get", "/admin/smaregi/stats"],
      ] as const)("%s %s without an admin → 401", async (method, url) => {
        const res = await call(method, url, {}, false)
        expect(res.status).toBe(401)
      })
    })

    describe("connections CRUD", () => {
      it("creates, lists, reads, updates and deletes a connection without ever returning its secrets", async () => {
        const created = await createConnection()
        expect(created).toMatchObject({
          name: "Shibuya store",
          enabled: true,
          agreement_secret_set: true,
          access_token_set: true,
          settings: { contractId: "dev-contract", allowedSources: ["127.0.0.1", "::1"], mode: "create_update_cancel" },
        })
        expect(created).not.toHaveProperty("access_token_encrypted")

        const list = await call("get", "/admin/smaregi/connections")
        expect(list.status).toBe(200)
        expect(list.data).toMatchObject({ count: 1, connections: [{ id: created.id, access_token_set: true }] })

        const one = await call("get", `/admin/smaregi/connections/${created.id}`)
        expect(one.data.connection).toEqual(created)

        const updated = await call("post", `/admin/smaregi/connections/${created.id}`, {
          name: "Shibuya",
          settings: { mode: "create_only", inventoryEnabled: true },
          access_token: null,
        })
        expect(updated.status).toBe(200)
        expect(updated.data.connection).toMatchObject({
          name: "Shibuya",
          access_token_set: false,
          agreement_secret_set: true,
          settings: { mode: "create_only", inventoryEnabled: true, allowedSources: ["127.0.0.1", "::1"], contractId: "dev-contract" },
        })

        const deleted = await call("delete", `/admin/smaregi/connections/${created.id}`)
        expect(deleted.data).toEqual({ id: created.id, object: "smaregi_connection", deleted: true })
        expect((await call("get", `/admin/smaregi/connections/${created.id}`)).status).toBe(404)
        expect((await call("get", "/admin/smaregi/connections")).data.count).toBe(0)

        const push = await api.post("/hooks/smaregi/transactions", encodeForm(makePushBody([saleScenario()], { agreementId: SECRET })), {
          headers: { "content-type": "application/x-www-form-urlencoded" },
          validateStatus: () => true,
        })
        expect(push.status).toBe(403)
        const again = await createConnection({ name: "Shibuya again" })
        expect(again.agreement_secret_set).toBe(true)
      })

      it.each([
        ["an address that is not an IP", { settings: { allowedSources: ["127.0.0.1", "999.1.1.1"] } }, /settings\.allowedSources\.1: must be an IPv4\/IPv6 address/],
        ["an unknown mode", { settings: { mode: "sometimes" } }, /settings\.mode/],
        ["error mail on without addresses", { settings: { errorMail: { enabled: true, to: [] } } }, /settings\.errorMail\.to/],
        ["a bad e-mail address", { settings: { errorMail: { enabled: true, to: ["nope"] } } }, /settings\.errorMail\.to\.0/],
        [
          "an e-mail template id with spaces",
          { settings: { errorMail: { enabled: false, to: [], transactionTemplate: "failed mail" } } },
          /settings\.errorMail\.transactionTemplate: template id must not contain spaces/,
        ],
        ["a feed switch that is not a boolean", { settings: { errorFeed: "yes" } }, /settings\.errorFeed/],
        ["a metadata match without a key", { settings: { productCodeMatch: { attribute: "variant_metadata" } } }, /settings\.productCodeMatch\.metadataKey/],
        ["a field mapping target that is not supported", { settings: { fieldMapping: [{ smaregi: "memo", target: "status" }] } }, /settings\.fieldMapping\.0\.target/],
        ["a plain-http API URL that is not this machine", { settings: { apiUrl: "http://webapi.smaregi.jp/access/" } }, /settings\.apiUrl: must be https/],
        ["an API URL that is not http(s)", { settings: { apiUrl: "ftp://127.0.0.1/access/" } }, /settings\.apiUrl: must be https/],
        ["a too short agreement secret", { agreement_secret: "short" }, /agreement_secret/],
        ["a camelCase key the API does not know", { accessToken: "x" }, /accessToken/],
        ["a name that is not a string", { name: 42 }, /name/],
      ])("refuses %s with 400 naming the field", async (_name, body, message) => {
        const res = await call("post", "/admin/smaregi/connections", {
          name: "Shibuya store",
          agreement_secret: SECRET,
          ...body,
        })
        expect(res.status).toBe(400)
        expect(res.data.message).toMatch(message)
        expect((await smaregi().listSmaregiConnections()).length).toBe(0)
      })

      it("validates updates against the merged settings and keeps the old ones on refusal", async () => {
        const created = await createConnection()
        const res = await call("post", `/admin/smaregi/connections/${created.id}`, { settings: { trustedProxies: ["10.0.0.1", "lb.internal"] } })
        expect(res.status).toBe(400)
        expect(res.data.message).toMatch(/settings\.trustedProxies\.1: must be an IPv4\/IPv6 address or CIDR range/)
        const one = await call("get", `/admin/smaregi/connections/${created.id}`)
        expect(one.data.connection.settings.trustedProxies).toEqual([])
      })

      it("sends the stored access token to a changed API URL only once the token is entered again", async () => {
        const created = await createConnection()
        const elsewhere = "https://webapi.smaregi.example/access/"
        const refused = await call("post", `/admin/smaregi/connections/${created.id}`, { settings: { apiUrl: elsewhere } })
        expect(refused.status).toBe(400)
        expect(refused.data.message).toMatch(/^access_token: re-enter the access token when changing settings\.apiUrl/)
        expect((await call("get", `/admin/smaregi/connections/${created.id}`)).data.connection.settings.apiUrl).toBe(fake().url)

        // The same URL again, or other settings, need no token.
        const same = await call("post", `/admin/smaregi/connections/${created.id}`, { settings: { apiUrl: fake().url, timeoutMs: 2000 } })
        expect(same.status).toBe(200)
        const moved = await call("post", `/admin/smaregi/connections/${created.id}`, { settings: { apiUrl: elsewhere }, access_token: "token-for-the-new-url" })
        expect(moved.status).toBe(200)
        expect(moved.data.connection).toMatchObject({ access_token_set: true, settings: { apiUrl: elsewhere } })
        // Without a stored token there is nothing to protect.
        await call("post", `/admin/smaregi/connections/${created.id}`, { access_token: null })
        const back = await call("post", `/admin/smaregi/connections/${created.id}`, { settings: { apiUrl: fake().url } })
        expect(back.status).toBe(200)
      })

      it("refuses a plain-http localhost API URL in production, on save and before any call", async () => {
        const created = await createConnection()
        const before = fake().requests.length
        const nodeEnv = process.env.NODE_ENV
        process.env.NODE_ENV = "production"
        try {
          const saved = await call("post", `/admin/smaregi/connections/${created.id}`, { settings: { timeoutMs: 2000 } })
          expect(saved.status).toBe(400)
          expect(saved.data.message).toMatch(/^settings\.apiUrl: must be https in production/)
          const tested = await call("post", `/admin/smaregi/connections/${created.id}/test-connection`)
          expect(tested.status).toBe(400)
          expect(tested.data.message).toMatch(/settings\.apiUrl http:\/\/.* must be https in production/)
        } finally {
          process.env.NODE_ENV = nodeEnv
        }
        expect(fake().requests.length).toBe(before)
      })

      it("refuses an agreement secret another connection uses", async () => {
        await createConnection()
        const res = await call("post", "/admin/smaregi/connections", { name: "Other", agreement_secret: SECRET })
        expect(res.status).toBe(400)
        expect(res.data.message).toMatch(/agreementSecret: another connection already uses this secret/)
      })

      it("answers 404 for an unknown connection", async () => {
        expect((await call("get", "/admin/smaregi/connections/smcon_nope")).status).toBe(404)
        expect((await call("post", "/admin/smaregi/connections/smcon_nope", { name: "x" })).status).toBe(404)
        expect((await call("delete", "/admin/smaregi/connections/smcon_nope")).status).toBe(404)
      })
    })

    describe("field mapping downloads", () => {
      it("serves the shipped default and the connection's own mapping as JSON files", async () => {
        const def = await call("get", "/admin/smaregi/connections/default-field-mapping")
        expect(def.status).toBe(200)
        expect(def.headers["content-disposition"]).toMatch(/attachment; filename="smaregi-default-field-mapping\.json"/)
        expect(def.data).toEqual(DEFAULT_ORDER_FIELD_MAPPING)

        const created = await createConnection()
        const mine = await call("get", `/admin/smaregi/connections/${created.id}/field-mapping`)
        expect(mine.data).toEqual(DEFAULT_ORDER_FIELD_MAPPING)

        const custom = [{ smaregi: "memo", target: "metadata.pos_memo", updatable: false }]
        await call("post", `/admin/smaregi/connections/${created.id}`, { settings: { fieldMapping: custom } })
        const after = await call("get", `/admin/smaregi/connections/${created.id}/field-mapping`)
        expect(after.headers["content-disposition"]).toContain(`smaregi-field-mapping-${created.id}.json`)
        expect(after.data).toEqual(custom)
      })
    })

    describe("test connection", () => {
      it.each([
        ["working credentials", {}, { ok: true, total_count: 0 }],
        ["a wrong access token", { access_token: "wrong-token" }, { ok: false, error_code: "invalid_access_token", smaregi_error_code: 13 }],
        ["a wrong contract id", { settings: { contractId: "nobody" } }, { ok: false, error_code: "invalid_contract_id", smaregi_error_code: 14 }],
        ["no access token", { access_token: null }, { ok: false, error_code: "not_configured" }],
      ])("reports %s", async (_name, change, expected) => {
        const created = await createConnection()
        if (Object.keys(change).length) await call("post", `/admin/smaregi/connections/${created.id}`, change)
        const before = fake().requests.length
        const res = await call("post", `/admin/smaregi/connections/${created.id}/test-connection`)
        expect(res.status).toBe(200)
        expect(res.data).toMatchObject(expected)
        if (!expected.ok) expect(res.data.message).toEqual(expect.any(String))
        const calls = fake().requests.slice(before)
        expect(calls.length).toBe(res.data.error_code === "not_configured" ? 0 : 1)
        if (res.data.ok) expect(calls[0]).toMatchObject({ procName: "customer_ref", params: expect.objectContaining({ limit: 1 }) })
      })
    })
  },
})
