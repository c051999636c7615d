import { medusaIntegrationTestRunner } from "../helpers/runner"
import { SMAREGI_MODULE } from "../../src/modules/smaregi"
import type SmaregiModuleService from "../../src/modules/smaregi/service"
import { parseSettings } from "../../src/smaregi/settings"
import { renderBarcodeSvg } from "../../src/smaregi/barcode"
import { adminHeaders } from "../helpers/auth"

jest.setTimeout(120_000)

// The small admin routes the admin extension adds: the customer barcode (BAR-3) and the /ui helpers.
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("admin extension routes", () => {
      async function setup() {
        const container = getContainer()
        const smaregi: SmaregiModuleService = container.resolve(SMAREGI_MODULE)
        const headers = await adminHeaders(container)
        const shibuya = await smaregi.createConnection({ name: "Shibuya" })
        const umeda = await smaregi.createConnection({ name: "Umeda" })
        return { smaregi, headers, shibuya, umeda }
      }

      it.each([
        ["/admin/smaregi/customers/cus_1/barcode"],
        ["/admin/smaregi/ui/defaults"],
        ["/admin/smaregi/ui/member-stats"],
        ["/admin/smaregi/ui/backfills"],
      ])("GET %s needs an admin", async (path) => {
        const res = await api.get(path, { validateStatus: () => true })
        expect(res.status).toBe(401)
      })

      it("renders the customer's member barcode, preferring the member Smaregi already knows", async () => {
        const { smaregi, headers, shibuya, umeda } = await setup()
        await smaregi.createSmaregiMembers([
          { connection_id: umeda.id, customer_id: "cus_hanako", smaregi_customer_id: "8", customer_code: "U000000008", status: "pending" },
          {
            connection_id: shibuya.id,
            customer_id: "cus_hanako",
            smaregi_customer_id: "7",
            customer_code: "M000000007",
            status: "synced",
            last_synced_at: new Date(),
          },
          { connection_id: shibuya.id, customer_id: "cus_taro", smaregi_customer_id: "9", customer_code: "M000000009", status: "pending" },
          { connection_id: shibuya.id, customer_id: "cus_gone", smaregi_customer_id: "10", customer_code: "M000000010", status: "withdrawn" },
        ] as any)

        const synced = await api.get("/admin/smaregi/customers/cus_hanako/barcode", headers)
        expect(synced.data).toMatchObject({ code: "M000000007", type: "code128", connection_id: shibuya.id, status: "synced", scannable: true })
        expect(synced.data.svg).toBe(renderBarcodeSvg("M000000007"))

        const qr = await api.get("/admin/smaregi/customers/cus_hanako/barcode?type=qr", headers)
        expect(qr.data.svg).toBe(renderBarcodeSvg("M000000007", { type: "qr" }))

        const ofConnection = await api.get(`/admin/smaregi/customers/cus_hanako/barcode?connection_id=${umeda.id}`, headers)
        expect(ofConnection.data).toMatchObject({ code: "U000000008", status: "pending", scannable: false })

        const pending = await api.get("/admin/smaregi/customers/cus_taro/barcode", headers)
        expect(pending.data).toMatchObject({ code: "M000000009", scannable: false })

        for (const customer of ["cus_gone", "cus_nobody"]) {
          const missing = await api.get(`/admin/smaregi/customers/${customer}/barcode`, { ...headers, validateStatus: () => true })
          expect(missing.status).toBe(404)
          expect(missing.data.message).toMatch(/no Smaregi member code/)
        }

        const bad = await api.get("/admin/smaregi/customers/cus_hanako/barcode?type=pdf417", { ...headers, validateStatus: () => true })
        expect(bad.status).toBe(400)
        expect(bad.data.message).toMatch(/^type: must be one of code128, qr, ean13/)

        const ean = await api.get("/admin/smaregi/customers/cus_hanako/barcode?type=ean13", { ...headers, validateStatus: () => true })
        expect(ean.status).toBe(400)
        expect(ean.data.message).toMatch(/^type: type=ean13 needs a 13-digit numeric member code/)
      })

      it("serves every setting's default for the form's reset buttons", async () => {
        const { headers } = await setup()
        const res = await api.get("/admin/smaregi/ui/defaults", headers)
        expect(res.data.settings).toEqual(JSON.parse(JSON.stringify(parseSettings({}))))
        expect(res.data.settings.memberFieldMapping.length).toBeGreaterThan(5)
      })

      it("counts members per sync state and finds the last successful sync, per connection", async () => {
        const { smaregi, headers, shibuya, umeda } = await setup()
        const lastSync = new Date("2026-05-10T05:03:22.000Z")
        await smaregi.createSmaregiMembers([
          { connection_id: shibuya.id, customer_id: "c1", smaregi_customer_id: "1", customer_code: "M1", status: "synced", last_synced_at: new Date("2026-05-09T00:00:00Z") },
          { connection_id: shibuya.id, customer_id: "c2", smaregi_customer_id: "2", customer_code: "M2", status: "synced", last_synced_at: lastSync },
          { connection_id: shibuya.id, customer_id: "c3", smaregi_customer_id: "3", customer_code: "M3", status: "failed" },
          { connection_id: shibuya.id, customer_id: "c4", smaregi_customer_id: "4", customer_code: "M4", status: "pending", requested_at: new Date("2026-05-10T06:00:00Z") },
          { connection_id: umeda.id, customer_id: "c5", smaregi_customer_id: "5", customer_code: "U5", status: "pending", requested_at: new Date("2026-05-08T00:00:00Z") },
        ] as any)

        const all = (await api.get("/admin/smaregi/ui/member-stats", headers)).data.member_stats
        expect(all).toMatchObject({ synced: 2, failed: 1, pending: 2 })
        expect(new Date(all.last_synced_at).toISOString()).toBe(lastSync.toISOString())
        expect(new Date(all.oldest_pending_at).toISOString()).toBe("2026-05-08T00:00:00.000Z")

        const one = (await api.get(`/admin/smaregi/ui/member-stats?connection_id=${umeda.id}`, headers)).data.member_stats
        expect(one).toMatchObject({ synced: 0, failed: 0, pending: 1, last_synced_at: null })
      })

      it("lists a connection's latest backfills, newest first, with progress", async () => {
        const { smaregi, headers, shibuya, umeda } = await setup()
        const older = await smaregi.createSmaregiBackfills({ connection_id: shibuya.id, status: "completed", total: 10, done: 9, skipped: 1 } as any)
        await new Promise((r) => setTimeout(r, 20))
        const newer = await smaregi.createSmaregiBackfills({ connection_id: shibuya.id, status: "running", total: 2000, done: 600, failed: 3 } as any)
        await smaregi.createSmaregiBackfills({ connection_id: umeda.id, status: "stopped", total: 5 } as any)

        const { backfills } = (await api.get(`/admin/smaregi/ui/backfills?connection_id=${shibuya.id}`, headers)).data
        expect(backfills.map((b: { id: string }) => b.id)).toEqual([newer.id, older.id])
        expect(backfills[0]).toMatchObject({ status: "running", total: 2000, done: 600, failed: 3, remaining: 1397 })
        expect((await api.get("/admin/smaregi/ui/backfills", headers)).data.backfills).toHaveLength(3)
      })
    })
  },
})
