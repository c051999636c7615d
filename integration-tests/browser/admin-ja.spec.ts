import fs from "node:fs"
import { medusaIntegrationTestRunner } from "../helpers/runner"
import { Modules } from "@medusajs/framework/utils"
import { createUserAccountWorkflow } from "@medusajs/medusa/core-flows"
import type { Browser } from "playwright-core"
import { BROWSER_SKIPPED, SCREENSHOTS, assertChromiumInstalled, launchChromium, skipBrowserSuite } from "../helpers/browser"
import { type FakeSmaregi, startFakeSmaregi } from "../../dev/fake-smaregi/server"
import { seedDemoStore } from "../../dev/seed/demo-store"
import {
  ACCESS_TOKEN,
  ADMIN,
  AGREEMENT_SECRET,
  CONTRACT_ID,
  FAILED_SALE,
  nav,
  runPos,
  serveAdminDashboard,
  shot,
  waitFor,
} from "../helpers/admin-browser"
import { adminHeaders } from "../helpers/auth"
import { SMAREGI_MODULE } from "../../src/modules/smaregi"
import type SmaregiModuleService from "../../src/modules/smaregi/service"

// The admin extension in Japanese (ja selected in the dashboard), times in JST. The runner disables Medusa's admin, so the dashboard is built once
// with src/admin (cached in the user's cache directory, ~1 min when the sources change) and served by a small
// server that proxies the API to the test app (helpers/admin-browser.ts). Screenshots: .artifacts/screenshots.

jest.setTimeout(240_000)

const adminServer = serveAdminDashboard()

if (BROWSER_SKIPPED) skipBrowserSuite("the admin extension in Japanese in a real browser")
else medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("admin extension in a real browser", () => {
      let browser: Browser | null = null
      let fake: FakeSmaregi | null = null

      afterEach(async () => {
        await browser?.close()
        await fake?.stop()
        browser = null
        fake = null
      })

      it("renders the Smaregi pages in Japanese with ja selected, times in JST", async () => {
        assertChromiumInstalled()
        fs.mkdirSync(SCREENSHOTS, { recursive: true })
        const server = adminServer()
        const backend = String(api.defaults.baseURL)
        server.setBackend(backend)
        const container = getContainer()
        const store = await seedDemoStore(container)
        fake = await startFakeSmaregi({ port: 0, contracts: [{ contractId: CONTRACT_ID, accessToken: ACCESS_TOKEN }] })
        const auth = container.resolve(Modules.AUTH)
        const registered = await auth.register("emailpass", { body: ADMIN })
        await createUserAccountWorkflow(container).run({
          input: { authIdentityId: registered.authIdentity!.id, userData: { email: ADMIN.email } },
        })
        const headers = await adminHeaders(container)
        const { connection } = (
          await api.post(
            "/admin/smaregi/connections",
            { name: "渋谷店舗", enabled: true, agreement_secret: AGREEMENT_SECRET, access_token: ACCESS_TOKEN, settings: { contractId: CONTRACT_ID } },
            headers
          )
        ).data
        await api.post(
          `/admin/smaregi/connections/${connection.id}`,
          {
            // A new apiUrl takes the access token again (a stored token never follows a changed URL).
            access_token: ACCESS_TOKEN,
            settings: {
              apiUrl: fake.url,
              allowedSources: ["127.0.0.1", "::1"],
              storeLocations: { "1": store.stockLocationId },
              salesChannelId: store.salesChannelId,
              regionId: store.regionId,
              productCodeMatch: { attribute: "barcode" },
            },
          },
          headers
        )
        // Codes matched by barcode: the sale fails, so a status and a reason show.
        const webhook = `${backend.replace("localhost", "127.0.0.1")}/hooks/smaregi/transactions`
        await runPos(["sale", "--url", webhook, "--agreement-id", AGREEMENT_SECRET, "--id", FAILED_SALE])
        const failed = await waitFor("the sale to fail", async () => {
          const { data } = await api.get(`/admin/smaregi/transactions?q=${FAILED_SALE}`, headers)
          const tx = data.transactions[0]
          return tx && tx.status !== "received" ? tx : null
        })
        expect(failed.status).toBe("failed")

        browser = await launchChromium()
        const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, timezoneId: "America/Los_Angeles" })
        // Where the dashboard keeps the language picked in Settings → Profile (i18next's "lng").
        await context.addInitScript(() => window.localStorage.setItem("lng", "ja"))
        const page = await context.newPage()
        await page.goto(`${server.origin}/app/login`)
        await page.locator('input[name="email"]').fill(ADMIN.email)
        await page.locator('input[name="password"]').fill(ADMIN.password)
        await page.locator('button[type="submit"]').click()
        await page.waitForURL((url) => !url.pathname.endsWith("/login"), { timeout: 30_000 })

        await nav(page, "/smaregi")
        await page.getByRole("heading", { name: "スマレジ", exact: true }).waitFor()
        await page.locator('[data-metric="received_today"]').getByText("本日の受信").waitFor()
        await page.getByText("本日（日本時間）の概要", { exact: false }).waitFor()
        await page.getByRole("link", { name: "取引", exact: true }).first().waitFor()
        // The metrics fill in after the page renders.
        const lastPush = page.locator('[data-metric="last_push"]')
        const lastPushText = await waitFor("the last push time", async () => ((await lastPush.textContent())?.endsWith("JST") ? lastPush.textContent() : null))
        expect(lastPushText).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} JST$/)
        await shot(page, "ja-01-dashboard")

        await nav(page, "/smaregi/transactions")
        await page.getByRole("heading", { name: "スマレジ取引" }).waitFor()
        const row = page.getByRole("row", { name: new RegExp(FAILED_SALE) })
        await row.locator('[data-status="failed"]', { hasText: "失敗" }).waitFor()
        expect(await row.locator("[data-reason-code]").textContent()).toBe("注文の作成に失敗")
        expect(await row.textContent()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} JST/)
        await page.getByRole("button", { name: "失敗をすべて再試行" }).waitFor()
        await page.getByRole("button", { name: "CSV出力" }).waitFor()
        await shot(page, "ja-02-transactions")
        await row.click()
        const drawer = page.locator("[data-transaction-drawer]")
        await drawer.getByRole("heading", { name: `取引 ${FAILED_SALE}` }).waitFor()
        await drawer.getByText("判定", { exact: true }).waitFor()
        await drawer.getByRole("button", { name: "再試行" }).waitFor()
        await shot(page, "ja-03-transaction-drawer")
        await page.keyboard.press("Escape")

        await nav(page, "/smaregi/members")
        await page.getByRole("heading", { name: "スマレジ会員" }).waitFor()
        await page.getByRole("button", { name: "失敗をすべて再送信" }).waitFor()
        await shot(page, "ja-04-members")

        await nav(page, "/settings/smaregi")
        await page.getByRole("button", { name: "連携を作成" }).waitFor()
        await page.getByRole("link", { name: "渋谷店舗" }).waitFor()
        expect(await page.getByRole("row", { name: /渋谷店舗/ }).textContent()).toMatch(/有効.*\d{2}:\d{2} JST/)
        await shot(page, "ja-05-settings-list")

        await page.getByRole("link", { name: "渋谷店舗" }).click()
        await page.getByRole("heading", { name: "接続・セキュリティ" }).waitFor()
        await page.getByRole("heading", { name: "店頭受注取り込み" }).waitFor()
        await page.getByRole("button", { name: "接続テスト" }).waitFor()
        await page.locator('[data-field="productCodeMatch.attribute"]').getByText("商品コードマッピング").waitFor()
        await page.locator("[data-pull-watermark]").waitFor()
        await shot(page, "ja-06-connection-settings", { tall: true })

        // A plan that refused point add (issue 16) is reported on the connection page, from the connection's plan_lacks.
        await container.resolve<SmaregiModuleService>(SMAREGI_MODULE).records().planFeatures.gate(connection.id, null).recordLacking("point_add")
        await page.reload()
        const notice = page.locator('[data-plan-lacks="point_add"]')
        await notice.getByText("ポイント加算が使えない", { exact: false }).waitFor()
        expect(await notice.textContent()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} JST/)
        await shot(page, "ja-07-plan-notice", { tall: true })
      })
    })
  },
})
