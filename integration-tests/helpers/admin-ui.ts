import { spawn } from "node:child_process"
import { createHash } from "node:crypto"
import fs from "node:fs"
import http from "node:http"
import os from "node:os"
import type { AddressInfo } from "node:net"
import path from "node:path"

// The test runner disables Medusa's admin, so browser tests build the dashboard with this plugin's
// extensions once (cached by content hash in the user's cache directory, so a fresh clone or `npm ci`
// reuses it) and serve it themselves, proxying every other path to the test server.

const ROOT = path.resolve(__dirname, "../..")
const CACHE = path.join(
  process.env.SMAREGI_ADMIN_CACHE_DIR || process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"),
  "medusa-plugin-smaregi",
  "admin"
)
const ADMIN_PATH = "/app"
const INPUTS = [path.join(ROOT, "src", "admin"), path.join(ROOT, "src", "smaregi", "customer-fields.ts")]

function filesUnder(entry: string): string[] {
  const stat = fs.statSync(entry)
  if (stat.isFile()) return [entry]
  return fs
    .readdirSync(entry)
    .filter((name) => name !== "__tests__")
    .flatMap((name) => filesUnder(path.join(entry, name)))
}

function packageVersion(name: string): string {
  return (JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`, { paths: [ROOT] }), "utf8")) as { version: string }).version
}

function buildKey(): string {
  const hash = createHash("sha256")
  hash.update(`${packageVersion("@medusajs/dashboard")} ${packageVersion("@medusajs/admin-bundler")}\n`)
  for (const file of INPUTS.flatMap(filesUnder).sort()) {
    hash.update(path.relative(ROOT, file)).update("\0").update(fs.readFileSync(file)).update("\0")
  }
  return hash.digest("hex").slice(0, 16)
}

function runBuild(outDir: string, workDir: string): Promise<void> {
  const script = `import { build } from "@medusajs/admin-bundler"
await build({ path: ${JSON.stringify(ADMIN_PATH)}, outDir: ${JSON.stringify(outDir)}, sources: ${JSON.stringify([path.join(ROOT, "src", "admin")])}, plugins: [], backendUrl: "/" })`
  return new Promise((resolve, reject) => {
    // The bundler writes its entry files into <cwd>/.medusa/client; a work dir keeps them out of the repo.
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      cwd: workDir,
      env: { ...process.env, NODE_ENV: "production", NODE_OPTIONS: "" },
      stdio: ["ignore", "pipe", "pipe"],
    })
    const output: string[] = []
    child.stdout.on("data", (d: Buffer) => output.push(d.toString()))
    child.stderr.on("data", (d: Buffer) => output.push(d.toString()))
    child.on("error", reject)
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`admin build failed (exit ${code}):\n${output.join("").slice(-4000)}`))
    )
  })
}

// Builds of other sources (other checkouts and branches) stay while they are in use.
const UNUSED_FOR_MS = 3 * 24 * 3600 * 1000
const LOCK_STALE_MS = 10 * 60_000

function ageOf(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs
  } catch {
    return Infinity
  }
}

function dropUnusedBuilds(key: string) {
  for (const name of fs.readdirSync(CACHE)) {
    if (name === key || name.endsWith(".lock")) continue
    if (ageOf(path.join(CACHE, name, ".complete")) > UNUSED_FOR_MS) fs.rmSync(path.join(CACHE, name), { recursive: true, force: true })
  }
}

/** The built dashboard (with src/admin) for the current sources; builds it (~1 min) only when they changed. */
export async function ensureAdminBuild(log: (message: string) => void = () => {}): Promise<string> {
  const key = buildKey()
  const outDir = path.join(CACHE, key)
  const complete = path.join(outDir, ".complete")
  const ready = () => {
    if (!fs.existsSync(complete)) return false
    const now = new Date()
    fs.utimesSync(complete, now, now)
    return true
  }
  if (ready()) return outDir
  fs.mkdirSync(CACHE, { recursive: true })
  // One build per sources: a test process started beside this one waits for it instead of building again.
  const lock = path.join(CACHE, `${key}.lock`)
  for (;;) {
    try {
      fs.mkdirSync(lock)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error
    }
    if (ready()) return outDir
    if (ageOf(lock) > LOCK_STALE_MS) fs.rmSync(lock, { recursive: true, force: true })
    else await new Promise((r) => setTimeout(r, 1000))
  }
  try {
    if (ready()) return outDir
    // Inside the repo's node_modules so the bundler script resolves this checkout's packages.
    const workDir = path.join(ROOT, "node_modules", ".cache", "smaregi-admin-work")
    fs.mkdirSync(workDir, { recursive: true })
    fs.rmSync(outDir, { recursive: true, force: true })
    log(`building the admin dashboard with the plugin's extensions into ${outDir} (about a minute)…`)
    const started = Date.now()
    await runBuild(outDir, workDir)
    fs.writeFileSync(complete, new Date().toISOString())
    log(`admin built in ${Math.round((Date.now() - started) / 1000)} s`)
    dropUnusedBuilds(key)
    return outDir
  } finally {
    fs.rmSync(lock, { recursive: true, force: true })
  }
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
}

export type AdminServer = {
  /** e.g. http://127.0.0.1:41234 — the dashboard is at `${origin}/app`. */
  origin: string
  /** Where API requests go (the test server's base URL). */
  setBackend: (baseUrl: string) => void
  close: () => Promise<void>
}

function serveFile(outDir: string, urlPath: string, res: http.ServerResponse) {
  const relative = decodeURIComponent(urlPath.slice(ADMIN_PATH.length)).replace(/^\/+/, "")
  const candidate = path.resolve(outDir, relative)
  const inside = candidate.startsWith(outDir + path.sep)
  const file = inside && fs.existsSync(candidate) && fs.statSync(candidate).isFile() ? candidate : path.join(outDir, "index.html")
  res.writeHead(200, {
    "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
    "cache-control": file.endsWith("index.html") ? "no-store" : "public, max-age=3600",
  })
  fs.createReadStream(file).pipe(res)
}

/** Serves the built dashboard at /app and proxies everything else (API, auth, webhook) to the backend. */
export async function startAdminServer(outDir: string): Promise<AdminServer> {
  let backend: URL | null = null
  const server = http.createServer((req, res) => {
    const url = req.url ?? "/"
    if (url === ADMIN_PATH || url.startsWith(`${ADMIN_PATH}/`) || url.startsWith(`${ADMIN_PATH}?`)) {
      serveFile(outDir, url.split("?")[0], res)
      return
    }
    if (!backend) {
      res.writeHead(503, { "content-type": "text/plain" }).end("backend not started yet")
      return
    }
    const upstream = http.request(
      { host: backend.hostname, port: backend.port, method: req.method, path: url, headers: { ...req.headers, host: backend.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      }
    )
    upstream.on("error", (error) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" })
      res.end(`proxy error: ${error.message}`)
    })
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    setBackend: (baseUrl) => {
      backend = new URL(baseUrl)
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
