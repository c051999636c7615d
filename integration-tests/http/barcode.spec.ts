import { medusaIntegrationTestRunner } from "../helpers/runner"
import type { MedusaContainer } from "@medusajs/framework/types"
import bwipjs from "bwip-js"
import { seedDemoStore } from "../../dev/seed/demo-store"
import { SMAREGI_MODULE } from "../../src/modules/smaregi"
import type SmaregiModuleService from "../../src/modules/smaregi/service"
import { registerCustomer } from "../helpers/auth"
import { reportSkipped } from "../helpers/skipped"
import { decodePng, isOpaque, rowRuns, sampleMatrix, svgBarRuns, ZBAR_SKIPPED, zbarDecode } from "../helpers/barcode-reader"

jest.setTimeout(120_000)

const ROUTE = "/store/customers/me/smaregi-barcode"

type Headers = Record<string, string>
type Member = { code: string; status?: "pending" | "synced" | "failed" | "withdrawn"; synced?: boolean }

function code128Runs(code: string, scale = 3): number[] {
  const [sym] = bwipjs.raw("code128", code, {}) as Array<{ sbs: number[] }>
  return sym.sbs.map((w) => w * scale)
}

async function memberCustomer(
  container: MedusaContainer,
  api: Parameters<typeof registerCustomer>[0],
  publishableKey: string,
  email: string,
  member?: Member
): Promise<{ customerId: string; headers: Headers }> {
  const { customer, headers } = await registerCustomer(api, publishableKey, { email, first_name: "Hanako", last_name: "Yamada" })
  if (member) {
    const smaregi: SmaregiModuleService = container.resolve(SMAREGI_MODULE)
    const [connection] = await smaregi.listSmaregiConnections({ name: "Shibuya" })
    const connectionId = connection?.id ?? (await smaregi.createConnection({ name: "Shibuya" })).id
    const status = member.status ?? "synced"
    await smaregi.createSmaregiMembers({
      connection_id: connectionId,
      customer_id: customer.id,
      smaregi_customer_id: String(1000 + Math.floor(Math.random() * 100000)),
      customer_code: member.code,
      status,
      last_synced_at: status === "synced" || member.synced ? new Date() : null,
    })
  }
  return { customerId: customer.id, headers }
}

if (ZBAR_SKIPPED) reportSkipped("barcode images decode with an ordinary reader (zbarimg)", ZBAR_SKIPPED)

medusaIntegrationTestRunner({
  seedDemoStore: true,
  testSuite: ({ api, getContainer }) => {
    const get = (headers: Headers, query = "", extra: Record<string, unknown> = {}) =>
      api.get(`${ROUTE}${query}`, { headers, validateStatus: () => true, ...extra })
    const getPng = (headers: Headers, query: string) => get(headers, query, { responseType: "arraybuffer" })

    let publishableKey: string
    beforeEach(async () => {
      publishableKey = (await seedDemoStore(getContainer())).publishableKey
    })

    describe("GET /store/customers/me/smaregi-barcode", () => {
      it("gives a member a CODE128 SVG of exactly their customerCode, cacheable and private", async () => {
        const { headers } = await memberCustomer(getContainer(), api, publishableKey, "hanako@example.com", { code: "M000000123" })
        const res = await get(headers)
        expect(res.status).toBe(200)
        expect(res.headers["content-type"]).toMatch(/^image\/svg\+xml/)
        expect(res.headers["etag"]).toMatch(/^"bc-[A-Za-z0-9_-]+"$/)
        expect(res.headers["cache-control"]).toMatch(/^private, max-age=\d+$/)
        expect(res.headers["vary"]).toMatch(/Authorization/)
        const svg = String(res.data)
        expect(svg).toContain('<rect width="100%" height="100%" fill="#FFFFFF" />')
        expect(svgBarRuns(svg)).toEqual(code128Runs("M000000123"))
        expect(svgBarRuns(svg)).not.toEqual(code128Runs("M000000124"))
      })

      it.each([
        ["CODE128 PNG", "?format=png", "CODE-128"],
        ["QR PNG", "?format=png&type=qr", "QR-Code"],
        ["CODE128 PNG, scale 2 without text", "?format=png&scale=2&text=false&height=10", "CODE-128"],
      ])("renders a %s that decodes to the member code", async (_label, query, symbology) => {
        const { headers } = await memberCustomer(getContainer(), api, publishableKey, "png@example.com", { code: "M000000777" })
        const res = await getPng(headers, query)
        expect(res.status).toBe(200)
        expect(res.headers["content-type"]).toBe("image/png")
        const png = Buffer.from(res.data)
        const img = decodePng(png)
        expect(isOpaque(img)).toBe(true)
        if (symbology === "QR-Code") {
          const [sym] = bwipjs.raw("qrcode", "M000000777", {}) as Array<{ pixs: number[]; pixx: number }>
          const top = Array.from({ length: img.height }, (_, y) => y).find((y) => rowRuns(img, y).runs.length > 0) as number
          expect(top).toBe(60)
          expect(sampleMatrix(img, rowRuns(img, top).left, top, 6, sym.pixx)).toEqual(sym.pixs)
        } else {
          const scale = query.includes("scale=2") ? 2 : 3
          expect(rowRuns(img, 10 * scale).runs).toEqual(code128Runs("M000000777", scale))
        }
        const found = await zbarDecode(png)
        if (found) expect(found).toEqual([`${symbology}:M000000777`])
      })

      it.each([
        ["svg", "?format=json", "code128", "svg"],
        ["png", "?format=json&image=png&type=qr", "qr", "png_base64"],
      ])("format=json carries the %s image", async (_label, query, type, field) => {
        const { headers } = await memberCustomer(getContainer(), api, publishableKey, "json@example.com", { code: "M000000555" })
        const res = await get(headers, query)
        expect(res.status).toBe(200)
        expect(res.headers["content-type"]).toMatch(/^application\/json/)
        expect(Object.keys(res.data).sort()).toEqual(["code", field, "type"].sort())
        expect(res.data).toMatchObject({ code: "M000000555", type })
        if (field === "svg") expect(svgBarRuns(res.data.svg)).toEqual(code128Runs("M000000555"))
        else {
          const found = await zbarDecode(Buffer.from(res.data.png_base64, "base64"))
          if (found) expect(found).toEqual(["QR-Code:M000000555"])
          expect(decodePng(Buffer.from(res.data.png_base64, "base64")).width).toBeGreaterThan(100)
        }
      })

      it("renders EAN-13 for a valid 13-digit code and refuses it, naming why, for a prefixed code", async () => {
        const container = getContainer()
        const jan = await memberCustomer(container, api, publishableKey, "jan@example.com", { code: "2000000000015" })
        const ok = await getPng(jan.headers, "?format=png&type=ean13")
        expect(ok.status).toBe(200)
        const found = await zbarDecode(Buffer.from(ok.data))
        if (found) expect(found).toEqual(["EAN-13:2000000000015"])

        const prefixed = await memberCustomer(container, api, publishableKey, "prefixed@example.com", { code: "M000000123" })
        const bad = await get(prefixed.headers, "?type=ean13")
        expect(bad.status).toBe(400)
        expect(bad.data).toMatchObject({ type: "invalid_data", code: "ean13_not_13_digits", parameter: "type" })
        expect(bad.data.message).toMatch(/13-digit/)
      })

      it.each<[string, Member | undefined]>([
        ["a customer without a member record", undefined],
        ["a member not yet synced", { code: "M000000900", status: "pending" }],
        ["a member whose first sync failed", { code: "M000000901", status: "failed" }],
        ["a withdrawn member", { code: "M000000902", status: "withdrawn", synced: true }],
      ])("answers 404 with the reason to %s", async (_label, member) => {
        const { headers } = await memberCustomer(getContainer(), api, publishableKey, "nomember@example.com", member)
        const res = await get(headers)
        expect(res.status).toBe(404)
        expect(res.data).toMatchObject({ type: "not_found", code: "member_code_missing" })
        expect(res.data.message).toMatch(/save your profile to retry/)
      })

      it("still shows the code of a member whose latest update failed after an earlier sync", async () => {
        const { headers } = await memberCustomer(getContainer(), api, publishableKey, "resync@example.com", {
          code: "M000000903",
          status: "failed",
          synced: true,
        })
        const res = await get(headers, "?format=json")
        expect(res.status).toBe(200)
        expect(res.data.code).toBe("M000000903")
      })

      it("answers 304 to a matching If-None-Match and 200 when the options change", async () => {
        const { headers } = await memberCustomer(getContainer(), api, publishableKey, "etag@example.com", { code: "M000000321" })
        const first = await get(headers, "?format=png", { responseType: "arraybuffer" })
        const etag = first.headers["etag"] as string
        const again = await get({ ...headers, "if-none-match": etag }, "?format=png", { responseType: "arraybuffer" })
        expect(again.status).toBe(304)
        expect(again.headers["etag"]).toBe(etag)
        expect(again.headers["cache-control"]).toMatch(/^private/)
        const other = await get({ ...headers, "if-none-match": etag }, "?format=svg")
        expect(other.status).toBe(200)
        expect(other.headers["etag"]).not.toBe(etag)
        const bigger = await get({ ...headers, "if-none-match": etag }, "?format=png&scale=4", { responseType: "arraybuffer" })
        expect(bigger.status).toBe(200)
      })

      it("gives heights that differ by a fraction of a millimetre the same image and ETag (the render cache cannot be bypassed)", async () => {
        const { headers } = await memberCustomer(getContainer(), api, publishableKey, "fraction@example.com", { code: "M000000322" })
        const answers = await Promise.all(["?height=15", "?height=15.001", "?height=14.6", "?height=15.49"].map((q) => get(headers, q)))
        expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200])
        expect(new Set(answers.map((a) => a.headers["etag"])).size).toBe(1)
        expect(new Set(answers.map((a) => a.data)).size).toBe(1)
        expect((await get(headers, "?height=16")).headers["etag"]).not.toBe(answers[0]!.headers["etag"])
      })

      it("limits each customer's barcode requests per minute: 429 with Retry-After, other customers unaffected", async () => {
        const container = getContainer()
        const a = await memberCustomer(container, api, publishableKey, "busy@example.com", { code: "M000000323" })
        const b = await memberCustomer(container, api, publishableKey, "calm@example.com", { code: "M000000324" })
        process.env.SMAREGI_BARCODE_RATE_LIMIT = "3"
        try {
          const allowed = [await get(a.headers), await get(a.headers, "?format=json"), await get(a.headers, "?scale=5")]
          expect(allowed.map((r) => r.status)).toEqual([200, 200, 200])
          const refused = await get(a.headers, "?height=17")
          expect(refused.status).toBe(429)
          expect(refused.data).toEqual({ type: "too_many_requests", code: "rate_limited", message: expect.stringMatching(/at most 3 a minute per customer/) })
          const retryAfter = Number(refused.headers["retry-after"])
          expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true)
          expect(JSON.stringify(refused.data)).not.toContain("M000000323")
          expect((await get(b.headers)).status).toBe(200)
        } finally {
          delete process.env.SMAREGI_BARCODE_RATE_LIMIT
        }
      })

      it("shows each customer only their own code, whatever the query says", async () => {
        const container = getContainer()
        const a = await memberCustomer(container, api, publishableKey, "a@example.com", { code: "M000000001" })
        const b = await memberCustomer(container, api, publishableKey, "b@example.com", { code: "M000000002" })
        const asA = await get(a.headers, `?format=json&customer_id=${b.customerId}`)
        const asB = await get(b.headers, `?format=json&customer_id=${a.customerId}`)
        expect(asA.data.code).toBe("M000000001")
        expect(asB.data.code).toBe("M000000002")
        expect(svgBarRuns(asA.data.svg)).toEqual(code128Runs("M000000001"))
        expect(svgBarRuns(asB.data.svg)).toEqual(code128Runs("M000000002"))
        const etagA = (await get(a.headers)).headers["etag"]
        const bWithA = await get({ ...b.headers, "if-none-match": etagA })
        expect(bWithA.status).toBe(200)
        expect(svgBarRuns(String(bWithA.data))).toEqual(code128Runs("M000000002"))
      })

      it("requires a logged-in customer", async () => {
        await memberCustomer(getContainer(), api, publishableKey, "anon@example.com", { code: "M000000003" })
        const anonymous = await get({ "x-publishable-api-key": publishableKey })
        expect(anonymous.status).toBe(401)
        const forged = await get({ "x-publishable-api-key": publishableKey, authorization: "Bearer not-a-token" })
        expect(forged.status).toBe(401)
        expect(JSON.stringify(anonymous.data)).not.toContain("M000000003")
      })

      it.each([
        ["?type=nw7", "type"],
        ["?scale=99", "scale"],
        ["?scale=0", "scale"],
        ["?scale=abc", "scale"],
        ["?scale=2.5", "scale"],
        ["?height=1", "height"],
        ["?format=gif", "format"],
        ["?format=json&image=jpeg", "image"],
        ["?text=maybe", "text"],
      ])("refuses %s with 400 naming %s", async (query, parameter) => {
        const { headers } = await memberCustomer(getContainer(), api, publishableKey, "bad@example.com", { code: "M000000004" })
        const res = await get(headers, query)
        expect(res.status).toBe(400)
        expect(res.data).toMatchObject({ type: "invalid_data", parameter })
        expect(res.data.message).toMatch(new RegExp(`^${parameter}: `))
      })
    })
  },
})
