import fs from "node:fs"
import http from "node:http"
import type { AddressInfo } from "node:net"
import path from "node:path"
import { medusaIntegrationTestRunner } from "../helpers/runner"
import bwipjs from "bwip-js"
import { build } from "esbuild"
import type { Browser } from "playwright-core"
import { BROWSER_SKIPPED, SCREENSHOTS, assertChromiumInstalled, launchChromium, skipBrowserSuite } from "../helpers/browser"
import { seedDemoStore } from "../../dev/seed/demo-store"
import { SMAREGI_MODULE } from "../../src/modules/smaregi"
import type SmaregiModuleService from "../../src/modules/smaregi/service"
import { renderBarcodeSvg } from "../../src/smaregi/barcode"
import { registerCustomer } from "../helpers/auth"
import { reportSkipped } from "../helpers/skipped"
import { svgBarRuns, ZBAR_SKIPPED, zbarDecode } from "../helpers/barcode-reader"
import type { BarcodePageConfig } from "./barcode.page"

jest.setTimeout(180_000)

const MEMBER_CODE = "M000000123"

let pageServer: http.Server
let pageOrigin = ""
let pageConfig: BarcodePageConfig | null = null
let bundle = ""
const savedEnv = { STORE_CORS: process.env.STORE_CORS, AUTH_CORS: process.env.AUTH_CORS }

function pageHtml(cfg: BarcodePageConfig): string {
  const json = JSON.stringify(cfg).replace(/</g, "\\u003c")
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>My account — membership card</title></head>
<body style="margin:0;padding:16px;background:#f4f4f5;font-family:sans-serif">
<h1 style="font-size:20px">My account</h1>
<section id="react-member"></section>
<h2 style="font-size:16px">Framework-free element (cookie session, QR)</h2>
<section id="element-member"></section>
<h2 style="font-size:16px">A customer who is not a member yet</h2>
<section id="react-non-member"></section>
<script>window.SMAREGI_PAGE_CONFIG = ${json}</script>
<script src="/widget.js"></script>
</body></html>`
}

// Runs before the runner's own beforeAll (nested describe), so the store boots with this page's origin allowed.
if (!BROWSER_SKIPPED) beforeAll(async () => {
  const result = await build({
    entryPoints: [path.join(__dirname, "barcode.page.tsx")],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2020",
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  })
  bundle = result.outputFiles[0].text
  pageServer = http.createServer((req, res) => {
    if (req.url === "/widget.js") {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(bundle)
    } else if (req.url === "/" && pageConfig) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(pageHtml(pageConfig))
    } else {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => pageServer.listen(0, "127.0.0.1", resolve))
  pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`
  process.env.STORE_CORS = pageOrigin
  process.env.AUTH_CORS = pageOrigin
})

afterAll(async () => {
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  await new Promise<void>((resolve) => (pageServer ? pageServer.close(() => resolve()) : resolve()))
})

function svgFromDataUrl(src: string | null): string {
  const prefix = "data:image/svg+xml;charset=utf-8,"
  if (!src?.startsWith(prefix)) throw new Error(`expected an SVG data URL, got ${src?.slice(0, 40)}`)
  return decodeURIComponent(src.slice(prefix.length))
}

if (ZBAR_SKIPPED) reportSkipped("barcodes shown in the browser decode with an ordinary reader (zbarimg)", ZBAR_SKIPPED)

if (BROWSER_SKIPPED) skipBrowserSuite("storefront member barcode in a real browser")
else medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("storefront member barcode in a real browser", () => {
      it("shows the member's scannable barcode with the code under it (React and custom element) and the not-yet-member state", async () => {
        assertChromiumInstalled()
        const container = getContainer()
        const store = await seedDemoStore(container)
        const password = "Passw0rd!"
        const member = await registerCustomer(api, store.publishableKey, {
          email: "hanako@example.com",
          password,
          first_name: "Hanako",
          last_name: "Yamada",
        })
        const nonMember = await registerCustomer(api, store.publishableKey, { email: "taro@example.com", password })
        const smaregi: SmaregiModuleService = container.resolve(SMAREGI_MODULE)
        const connection = await smaregi.createConnection({ name: "Shibuya" })
        await smaregi.createSmaregiMembers({
          connection_id: connection.id,
          customer_id: member.customer.id,
          smaregi_customer_id: "1001",
          customer_code: MEMBER_CODE,
          status: "synced",
          last_synced_at: new Date(),
        })

        const backendUrl = String(api.defaults.baseURL).replace("localhost", "127.0.0.1")
        const bearer = (h: Record<string, string>) => h.authorization.replace(/^Bearer /, "")
        pageConfig = {
          backendUrl,
          publishableKey: store.publishableKey,
          member: { token: bearer(member.headers), email: "hanako@example.com", password },
          nonMemberToken: bearer(nonMember.headers),
        }

        const browser: Browser = await launchChromium()
        const problems: string[] = []
        try {
          const page = await browser.newPage({ viewport: { width: 480, height: 1500 }, deviceScaleFactor: 2 })
          page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`))
          page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`))
          await page.goto(`${pageOrigin}/`)

          const waitReady = async (selector: string) => {
            try {
              await page.locator(selector).waitFor({ timeout: 30_000 })
            } catch (e) {
              const pageError = await page.evaluate(() => window.smaregiPageError)
              throw new Error(`${selector} never appeared (${pageError ?? ""}; ${problems.join(" | ")}): ${(e as Error).message}`)
            }
          }

          // React component, bearer token, CODE128
          await waitReady('#react-member [data-state="ready"] img')
          const reactImg = page.locator("#react-member img")
          expect(await reactImg.getAttribute("alt")).toBe(`Membership barcode for member code ${MEMBER_CODE}`)
          expect((await page.locator("#react-member .smaregi-mb__value").textContent())?.trim()).toBe(MEMBER_CODE)
          const reactSvg = svgFromDataUrl(await reactImg.getAttribute("src"))
          const [sym] = bwipjs.raw("code128", MEMBER_CODE, {}) as Array<{ sbs: number[] }>
          expect(svgBarRuns(reactSvg)).toEqual(sym.sbs.map((w) => w * 3))
          const reactBox = await reactImg.boundingBox()
          expect(reactBox?.width).toBeGreaterThanOrEqual(280)
          const reactShot = await reactImg.screenshot()
          const reactFound = await zbarDecode(reactShot)
          if (reactFound !== null) expect(reactFound).toEqual([`CODE-128:${MEMBER_CODE}`])

          // Custom element, cookie session, QR
          await waitReady('smaregi-member-barcode[data-state="ready"]')
          const elementImg = page.locator("smaregi-member-barcode img")
          expect(await elementImg.getAttribute("alt")).toBe(`Membership QR code for member code ${MEMBER_CODE}`)
          expect((await page.locator("smaregi-member-barcode .smaregi-mb__value").textContent())?.trim()).toBe(MEMBER_CODE)
          expect(svgFromDataUrl(await elementImg.getAttribute("src"))).toBe(renderBarcodeSvg(MEMBER_CODE, { type: "qr", text: false }))
          const elementFound = await zbarDecode(await elementImg.screenshot())
          if (elementFound !== null) expect(elementFound).toEqual([`QR-Code:${MEMBER_CODE}`])

          // Not-yet-member state
          await waitReady('#react-non-member [data-state="not_member"]')
          const pending = page.locator("#react-non-member [role=status]")
          expect(await pending.textContent()).toContain(
            "Your membership card will appear here after your profile is synced — save your profile to retry."
          )
          expect(await page.locator("#react-non-member img").count()).toBe(0)

          fs.mkdirSync(SCREENSHOTS, { recursive: true })
          fs.writeFileSync(path.join(SCREENSHOTS, "storefront-barcode-react.png"), reactShot)
          await page.screenshot({ path: path.join(SCREENSHOTS, "storefront-barcode-page.png"), fullPage: true })
          expect(fs.statSync(path.join(SCREENSHOTS, "storefront-barcode-page.png")).size).toBeGreaterThan(1000)
        } finally {
          await browser.close()
        }
      })
    })
  },
})
