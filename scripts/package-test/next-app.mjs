// A minimal Next.js 15 App Router app (React 19) with the packed plugin installed as docs/storefront-barcode.md
// says: `next build` (type-check included), then `next start` and the pages requested over HTTP.
import fs from "node:fs"
import http from "node:http"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { cleanEnv, freePort, run, startService, stopService, until } from "./util.mjs"

const NPM = process.platform === "win32" ? "npm.cmd" : "npm"
const NPX = process.platform === "win32" ? "npx.cmd" : "npx"
const TEMPLATE = path.join(path.dirname(fileURLToPath(import.meta.url)), "next-app")
const PUBLISHABLE_KEY = "pk_package_test"
const MEMBER = { token: "member-token", code: "M000000777" }
const PENDING_TOKEN = "pending-token"
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#fff"/></svg>'

/** Stands in for the Medusa backend's GET /store/customers/me/smaregi-barcode (the route has its own HTTP tests). */
function startFakeBackend(port, seen) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost")
    const send = (status, body) => {
      res.writeHead(status, { "content-type": "application/json" })
      res.end(JSON.stringify(body))
    }
    seen.push({ path: url.pathname, query: url.search, auth: req.headers.authorization ?? null, key: req.headers["x-publishable-api-key"] ?? null })
    if (url.pathname !== "/store/customers/me/smaregi-barcode") return send(404, { type: "not_found", message: "Not found" })
    if (req.headers["x-publishable-api-key"] !== PUBLISHABLE_KEY) return send(400, { type: "not_allowed", message: "A valid publishable key is required" })
    if (req.headers.authorization === `Bearer ${MEMBER.token}`) return send(200, { code: MEMBER.code, type: "code128", svg: SVG })
    if (req.headers.authorization === `Bearer ${PENDING_TOKEN}`) {
      return send(404, { type: "not_found", code: "member_code_missing", message: "No member code yet." })
    }
    return send(401, { type: "unauthorized", message: "Unauthorized" })
  })
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)))
}

function copyDir(from, to) {
  fs.mkdirSync(to, { recursive: true })
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name)
    const target = path.join(to, entry.name)
    if (entry.isDirectory()) copyDir(source, target)
    else fs.copyFileSync(source, target)
  }
}

/** The text a person sees: the HTML without scripts (the RSC payload legitimately holds "$undefined"). */
function visibleHtml(html) {
  return html.replace(/<script\b[\s\S]*?<\/script>/gi, "")
}

function expectPage(name, html, { contains, absent = [] }) {
  const visible = visibleHtml(html)
  for (const bad of ["undefined", "[object Object]", "NaN", ...absent]) {
    if (visible.includes(bad)) throw new Error(`${name}: the page shows "${bad}": …${visible.slice(Math.max(0, visible.indexOf(bad) - 200), visible.indexOf(bad) + 100)}…`)
  }
  for (const text of contains) {
    if (!visible.includes(text)) throw new Error(`${name}: "${text}" not on the page:\n${visible.slice(0, 2000)}`)
  }
}

/**
 * @param {{ tarball: string, dir: string, versions: { next: string, react: string, jsSdk: string },
 *   step: (name: string, detail?: string) => void }} input
 */
export async function testNextApp({ tarball, dir, versions, step }) {
  const log = path.join(dir, "output.log")
  copyDir(TEMPLATE, dir)
  fs.writeFileSync(
    path.join(dir, "package.json"),
    `${JSON.stringify(
      {
        name: "smaregi-storefront-test",
        version: "0.0.0",
        private: true,
        scripts: { build: "next build", start: "next start" },
        dependencies: {
          "@medusajs/js-sdk": versions.jsSdk,
          next: versions.next,
          react: versions.react,
          "react-dom": versions.react,
        },
        devDependencies: { "@medusajs/types": versions.jsSdk, "@types/node": "^20", "@types/react": "^19", "@types/react-dom": "^19", typescript: "^5" },
      },
      null,
      2
    )}\n`
  )
  const seen = []
  const backendPort = await freePort()
  const appPort = await freePort()
  const backend = await startFakeBackend(backendPort, seen)
  const backendUrl = `http://127.0.0.1:${backendPort}`
  const env = cleanEnv({
    NEXT_TELEMETRY_DISABLED: "1",
    MEDUSA_BACKEND_URL: backendUrl,
    NEXT_PUBLIC_MEDUSA_BACKEND_URL: backendUrl,
    NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
  })
  let server = null
  try {
    await run(NPM, ["install", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: dir, env, log })
    // docs/storefront-barcode.md: `npm install medusa-plugin-smaregi` (here the packed tarball).
    await run(NPM, ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], { cwd: dir, env, log })
    const pulled = ["@medusajs/medusa", "@medusajs/framework", "@medusajs/admin-sdk", "@medusajs/ui"].filter((p) =>
      fs.existsSync(path.join(dir, "node_modules", p))
    )
    if (pulled.length) throw new Error(`installing the plugin in a storefront pulled backend packages: ${pulled.join(", ")}`)
    const nextVersion = JSON.parse(fs.readFileSync(path.join(dir, "node_modules/next/package.json"), "utf8")).version
    const reactVersion = JSON.parse(fs.readFileSync(path.join(dir, "node_modules/react/package.json"), "utf8")).version
    step("npm install (Next.js app + plugin tarball)", `next ${nextVersion}, react ${reactVersion}, no Medusa backend packages`)

    await run(NPX, ["next", "build"], { cwd: dir, env, log })
    step("next build", "compiled and type-checked (the starter's moduleResolution node)")
    await run(NPX, ["tsc", "-p", "tsconfig.bundler.json"], { cwd: dir, env, log })
    step("tsc with moduleResolution bundler", "create-next-app's setting: types through package.json exports")

    server = startService(NPX, ["next", "start", "-p", String(appPort), "-H", "127.0.0.1"], { cwd: dir, env, log })
    const base = `http://127.0.0.1:${appPort}`
    await until("next start", async () => (await fetch(`${base}/client`)).ok, { timeoutMs: 60_000, service: server })

    const page = async (pathname, cookie) => {
      const res = await fetch(`${base}${pathname}`, { headers: cookie ? { cookie } : {} })
      const html = await res.text()
      if (res.status !== 200) throw new Error(`GET ${pathname} answered ${res.status}: ${visibleHtml(html).slice(0, 500)}`)
      return html
    }

    seen.length = 0
    const member = await page("/account", `_medusa_jwt=${MEMBER.token}`)
    expectPage("/account (member)", member, {
      contains: ['data-state="ready"', "会員証", "会員コード", MEMBER.code, 'src="data:image/svg+xml', 'class="smaregi-mb smaregi-mb--ready from-server"'],
    })
    const call = seen.find((s) => s.auth === `Bearer ${MEMBER.token}`)
    if (!call) throw new Error("/account: the server fetched no barcode with the customer's token")
    if (call.key !== PUBLISHABLE_KEY || !call.query.includes("format=json") || !call.query.includes("text=false")) {
      throw new Error(`/account: unexpected barcode request ${JSON.stringify(call)}`)
    }
    const pending = await page("/account", `_medusa_jwt=${PENDING_TOKEN}`)
    expectPage("/account (sync pending)", pending, {
      contains: ['data-state="not_member"', "プロフィールの同期後に会員証が表示されます。"],
    })
    const signedOut = await page("/account")
    expectPage("/account (signed out)", signedOut, { contains: ['data-state="signed_out"', "会員証を表示するにはログインしてください。"] })
    step("server page /account", "fetch on the server, view rendered: ready, not_member and signed_out")

    const client = await page("/client")
    expectPage("/client", client, { contains: ['data-state="loading"', "会員証", "会員証を読み込んでいます…"] })
    step("client page /client", "the component rendered (loading state until the browser fetches)")
  } finally {
    await stopService(server)
    await new Promise((resolve) => backend.close(resolve))
  }
}
