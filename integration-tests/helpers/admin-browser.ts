import { spawn } from "node:child_process"
import path from "node:path"
import type { Page } from "playwright-core"
import { type AdminServer, ensureAdminBuild, startAdminServer } from "./admin-ui"
import { BROWSER_SKIPPED, SCREENSHOTS } from "./browser"

// What the admin browser specs share: the test contract, the dashboard server, and page helpers.

const ROOT = path.resolve(__dirname, "../..")
export const ADMIN = { email: "staff@smaregi.test", password: "Adm1n-passw0rd" }
export const ACCESS_TOKEN = "tok-admin-browser-7f3a9c2e5b"
export const AGREEMENT_SECRET = "agreement-admin-browser-42"
export const CONTRACT_ID = "browser-contract"
export const FAILED_SALE = "70001"
export const DIRECT_SALE = "70002"
export const PULLED_SALE = "70004"
export const PAST_SALE = "70005"

/**
 * Serves the built dashboard (src/admin) to this spec file's tests. Call it at the top of the file: its
 * beforeAll runs before the runner's own, so the app boots with the admin server's origin allowed.
 */
export function serveAdminDashboard(): () => AdminServer {
  let adminServer: AdminServer | null = null
  const savedEnv = { ADMIN_CORS: process.env.ADMIN_CORS, AUTH_CORS: process.env.AUTH_CORS }
  if (!BROWSER_SKIPPED) beforeAll(async () => {
    const outDir = await ensureAdminBuild((m) => console.log(`[admin-browser] ${m}`))
    adminServer = await startAdminServer(outDir)
    process.env.ADMIN_CORS = [process.env.ADMIN_CORS, adminServer.origin].filter(Boolean).join(",")
    process.env.AUTH_CORS = [process.env.AUTH_CORS, adminServer.origin].filter(Boolean).join(",")
  }, 300_000)
  afterAll(async () => {
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
    await adminServer?.close()
  })
  return () => adminServer as AdminServer
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const value = await probe()
      if (value) return value
    } catch (error) {
      last = error
    }
    await new Promise((r) => setTimeout(r, 300))
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`)
}

export function runPos(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-r", "@swc-node/register", "dev/pos/cli.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: "" },
      stdio: ["ignore", "pipe", "pipe"],
    })
    let out = ""
    child.stdout.on("data", (d: Buffer) => (out += d.toString()))
    child.stderr.on("data", (d: Buffer) => (out += d.toString()))
    child.on("error", reject)
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`pos ${args.join(" ")} exited ${code}: ${out}`))))
  })
}

// The dashboard scrolls inside its layout, not the document: a tall page is shot with a viewport as tall as its content.
export async function shot(page: Page, name: string, { tall = false } = {}) {
  await page.waitForLoadState("networkidle").catch(() => {})
  await page.waitForTimeout(300)
  const viewport = page.viewportSize() ?? { width: 1440, height: 1000 }
  if (tall) {
    const height = await page.evaluate(() =>
      Math.max(window.innerHeight, ...Array.from(document.querySelectorAll("main, main *")).map((e) => e.scrollHeight))
    )
    await page.setViewportSize({ width: viewport.width, height: Math.min(height + 120, 12_000) })
    await page.waitForTimeout(200)
  }
  await page.screenshot({ path: path.join(SCREENSHOTS, `admin-${name}.png`), fullPage: true })
  if (tall) await page.setViewportSize(viewport)
}

/** Client-side navigation inside the dashboard (no reload of the bundle); the router listens to popstate. */
export async function nav(page: Page, adminPath: string) {
  await page.evaluate((to) => {
    window.history.pushState({}, "", to)
    window.dispatchEvent(new PopStateEvent("popstate"))
  }, `/app${adminPath}`)
  await page.waitForURL((url) => url.pathname === `/app${adminPath.split("?")[0]}`)
}

/** Clicks Save and returns the HTTP status of the update request it sent. */
export async function save(page: Page): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => /\/admin\/smaregi\/connections\/smcon_[^/]+$/.test(new URL(r.url()).pathname) && r.request().method() === "POST"),
    page.locator("[data-save-bottom]").click(),
  ])
  return response.status()
}

export async function pick(page: Page, triggerId: string, option: RegExp) {
  await page.locator(`[id="${triggerId}"]`).click()
  await page.getByRole("option", { name: option }).click()
}
