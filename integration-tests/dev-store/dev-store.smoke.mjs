// Smoke test of `npm run dev:store`: start it with SMAREGI_API=both on a fresh database and free ports, use what it
// prints (admin login, fake Smaregi, both POS commands: a v2 push and a Platform API webhook), then Ctrl-C it and
// check that nothing it started is left running.
// Usage: node integration-tests/dev-store/dev-store.smoke.mjs [--db embedded|local] [--rerun] [--require-order]
import { spawn, execFileSync } from "node:child_process"
import crypto from "node:crypto"
import fs from "node:fs"
import net from "node:net"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"
import pg from "pg"

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..")
const READY_TIMEOUT_MS = 420_000
const STOP_TIMEOUT_MS = 60_000
const ORDER_TIMEOUT_MS = 90_000
// The last piece of sales IN to land: until it exists, a missing order is reported as pending.
const SALES_IN_SUBSCRIBER = path.join(ROOT, "src/subscribers/smaregi-transaction-received.ts")

const USAGE = `usage: node integration-tests/dev-store/dev-store.smoke.mjs [options]
  --db embedded   fresh embedded PostgreSQL in a new temp data dir (default)
  --db local      a fresh database on the PostgreSQL at localhost:5432 (dropped afterwards)
  --rerun         start the store a second time and check that nothing is seeded again
  --require-order fail (instead of reporting "pending") when the sale does not become an order
                  while sales IN is not wired yet (src/subscribers/smaregi-transaction-received.ts)`

const results = []
const pass = (name, detail = "") => results.push({ status: "PASS", name, detail })
const pending = (name, detail) => results.push({ status: "PENDING", name, detail })
class SmokeFailure extends Error {}
const fail = (name, detail) => {
  results.push({ status: "FAIL", name, detail })
  throw new SmokeFailure(`${name}: ${detail}`)
}
const say = (message) => console.log(`[smoke] ${message}`)

function parseOptions(argv) {
  if (argv.includes("--help") || argv.includes("-h")) return null
  const dbIndex = argv.indexOf("--db")
  const db = dbIndex >= 0 ? argv[dbIndex + 1] : "embedded"
  if (!["embedded", "local"].includes(db)) throw new Error(`--db must be embedded or local, not ${db}`)
  return { db, rerun: argv.includes("--rerun"), requireOrder: argv.includes("--require-order") }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.on("error", reject)
    srv.listen(0, () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" })
    socket.setTimeout(1000)
    socket.once("connect", () => (socket.destroy(), resolve(true)))
    socket.once("error", () => resolve(false))
    socket.once("timeout", () => (socket.destroy(), resolve(false)))
  })
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const stripAnsi = (text) => text.replace(/\u001b\[[0-9;]*m/g, "")

async function until(check, timeoutMs, intervalMs = 1000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const value = await check()
    if (value) return value
    await sleep(intervalMs)
  }
  return null
}

// ---------------------------------------------------------------------------------------------------------
// The environment of the store under test: only what we set, no inherited database or Smaregi settings.

async function prepareEnvironment(options, workDir) {
  const env = { ...process.env }
  for (const key of ["DATABASE_URL", "DB_HOST", "DB_PORT", "DB_USERNAME", "DB_PASSWORD", "SMAREGI_API_URL",
    "SMAREGI_CONTRACT_ID", "SMAREGI_ACCESS_TOKEN", "SMAREGI_FORCE_EMBEDDED_PG", "ADMIN_CORS", "AUTH_CORS",
    "SMAREGI_PLATFORM_API_URL", "SMAREGI_PLATFORM_ID_URL", "SMAREGI_PLATFORM_CONTRACT_ID", "SMAREGI_CLIENT_ID",
    "SMAREGI_CLIENT_SECRET", "SMAREGI_WEBHOOK_SECRET", "SMAREGI_WEBHOOK_SECRET_HEADER", "SMAREGI_PLATFORM_WEBHOOK_URL",
    "SMAREGI_WEBHOOK_URL"]) {
    delete env[key]
  }
  const suffix = crypto.randomBytes(4).toString("hex")
  Object.assign(env, {
    PORT: String(await freePort()),
    FAKE_SMAREGI_PORT: String(await freePort()),
    SMAREGI_API: "both",
    FAKE_SMAREGI_PLATFORM_PORT: String(await freePort()),
    SMAREGI_WEBHOOK_SECRET: `smoke-webhook-secret-${suffix}`,
    ADMIN_EMAIL: `smoke-${suffix}@example.com`,
    ADMIN_PASSWORD: `smoke-${crypto.randomBytes(6).toString("hex")}`,
    SMAREGI_AGREEMENT_ID: `smoke-agreement-${suffix}`,
    SMAREGI_PG_DATA_DIR: path.join(workDir, "pg"),
    DEV_DB_NAME: options.db === "local" ? `medusa_smaregi_smoke_${suffix}` : "medusa_smaregi_dev",
    DEV_FORCE_EMBEDDED_PG: options.db === "embedded" ? "true" : "false",
  })
  return env
}

function startStore(env, logFile) {
  const out = fs.openSync(logFile, "a")
  const child = spawn("npm", ["run", "dev:store"], { cwd: ROOT, env, detached: true, stdio: ["ignore", out, out] })
  fs.closeSync(out)
  child.done = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })))
  return child
}

const readLog = (logFile, from = 0) => stripAnsi(fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : "").slice(from)

function parseReadyBlock(log) {
  const field = (label) => log.match(new RegExp(`^\\s+${label}\\s{2,}(.+)$`, "m"))?.[1].trim()
  const [email, password] = (field("Admin login") ?? "").split(" / ")
  return {
    storeUrl: field("Store API"),
    email,
    password,
    webhookUrl: field("Webhook URL"),
    agreementId: field("agreementId"),
    fakeUrl: field("Fake Smaregi"),
    contractId: field("Contract id"),
    platformContractId: field("Platform contract id"),
    accessToken: field("Access token"),
    publishableKey: field("Publishable key"),
    posCommand: log.match(/^\s+(npm run pos -- sale (?!.*--api platform).+)$/m)?.[1].trim(),
    platformPosCommand: log.match(/^\s+(npm run pos -- sale --api platform .+)$/m)?.[1].trim(),
  }
}

async function waitUntilReady(child, logFile, from = 0) {
  let exited = false
  child.done.then(() => (exited = true))
  const ready = await until(() => exited || readLog(logFile, from).includes("dev store with medusa-plugin-smaregi is ready"), READY_TIMEOUT_MS)
  if (!ready || exited) fail("dev:store starts", exited ? "npm run dev:store exited before it was ready" : "not ready in time")
  return parseReadyBlock(readLog(logFile, from))
}

// ---------------------------------------------------------------------------------------------------------
// Checks against the running store

async function checkHealth(info) {
  const res = await fetch(`${info.storeUrl}/health`)
  if (res.status !== 200) fail("GET /health", `status ${res.status}`)
  pass("GET /health", "200")
}

async function adminLogin(info) {
  if (!info.email || !info.password) fail("admin login", "no credentials printed")
  const res = await fetch(`${info.storeUrl}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: info.email, password: info.password }),
  })
  const body = await res.json().catch(() => ({}))
  if (res.status !== 200 || !body.token) fail("admin login", `status ${res.status} ${JSON.stringify(body)}`)
  const orders = await fetch(`${info.storeUrl}/admin/orders`, { headers: { authorization: `Bearer ${body.token}` } })
  if (orders.status !== 200) fail("admin login", `GET /admin/orders answered ${orders.status}`)
  pass("admin login", `${info.email} with the printed password`)
  return body.token
}

async function checkFakeCustomerRef(info) {
  if (!info.fakeUrl) fail("fake Smaregi customer_ref", "no fake Smaregi URL printed")
  const res = await fetch(info.fakeUrl, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded;charset=UTF-8",
      X_contract_id: info.contractId,
      X_access_token: info.accessToken,
    },
    body: new URLSearchParams({ proc_name: "customer_ref", params: JSON.stringify({ table_name: "Customer", limit: 10 }) }),
  })
  const body = await res.json().catch(() => ({}))
  if (res.status !== 200 || !Array.isArray(body.result)) fail("fake Smaregi customer_ref", `status ${res.status} ${JSON.stringify(body)}`)
  pass("fake Smaregi customer_ref", `total_count ${body.total_count}`)
}

// The Platform connection's *Test connection*: the plugin gets a token from the fake Platform API and reads customers.
async function checkPlatformTestConnection(info, token) {
  const name = "Platform connection: Test connection"
  const headers = { authorization: `Bearer ${token}` }
  const list = await fetch(`${info.storeUrl}/admin/smaregi/connections`, { headers })
  const platform = ((await list.json().catch(() => ({}))).connections ?? []).find((c) => c.api === "platform")
  if (!platform) fail(name, `GET /admin/smaregi/connections (${list.status}) lists no platform connection`)
  if (platform.settings?.contractId !== info.platformContractId) {
    fail(name, `contract id ${platform.settings?.contractId}, the banner printed ${info.platformContractId}`)
  }
  const res = await fetch(`${info.storeUrl}/admin/smaregi/connections/${platform.id}/test-connection`, { method: "POST", headers })
  const body = await res.json().catch(() => ({}))
  if (res.status !== 200 || body.ok !== true) fail(name, `status ${res.status} ${JSON.stringify(body)}`)
  pass(name, `${platform.name}: ok, total_count ${body.total_count}`)
}

function runPosSale(command, env) {
  const args = command.replace(/^npm /, "").split(/\s+/)
  return new Promise((resolve) => {
    const child = spawn("npm", args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    child.stdout.on("data", (d) => (output += d))
    child.stderr.on("data", (d) => (output += d))
    child.on("exit", (code) => resolve({ code, output }))
  })
}

// The printed POS command, run as printed; its sale must become a paid order.
async function checkSaleBecomesOrder({ label, command }, info, token, env, options) {
  const posName = `npm run pos -- sale${label}`
  if (!command) fail(posName, "no POS command printed")
  const { code, output } = await runPosSale(command, env)
  const line = output.split("\n").find((l) => /^\d{3} /.test(l))
  if (code !== 0 || !line?.startsWith("200 ")) {
    const said = output.split("\n").filter((l) => l.trim() && !l.startsWith("> ")).join(" | ")
    fail(posName, `exit ${code}: ${said.slice(-400)}`)
  }
  const headId = line.split(" ")[1]
  pass(posName, `webhook answered 200 for transactionHeadId ${headId}`)

  const orderName = `sale → paid order in GET /admin/orders${label}`
  const wired = fs.existsSync(SALES_IN_SUBSCRIBER)
  const fields = "id,display_id,total,payment_status,metadata"
  let order = null
  // The order is written before its payment is captured: wait for both.
  const paid = await until(async () => {
    const res = await fetch(`${info.storeUrl}/admin/orders?fields=${fields}`, { headers: { authorization: `Bearer ${token}` } })
    const body = await res.json().catch(() => ({ orders: [] }))
    order = (body.orders ?? []).find((o) => String(o.metadata?.smaregi_transaction_head_id) === headId) ?? null
    return order?.payment_status === "captured"
  }, wired || options.requireOrder ? ORDER_TIMEOUT_MS : 10_000, 1000)
  if (paid) return pass(orderName, `order #${order.display_id} total ${order.total}, payment ${order.payment_status}`)
  if (order) fail(orderName, `order #${order.display_id} still has payment_status ${order.payment_status} after ${ORDER_TIMEOUT_MS / 1000} s`)
  if (!wired && !options.requireOrder) {
    return pending(orderName, "no order: sales IN is not wired yet (no src/subscribers/smaregi-transaction-received.ts)")
  }
  fail(orderName, `no order with metadata.smaregi_transaction_head_id ${headId} within ${ORDER_TIMEOUT_MS / 1000} s`)
}

// Both registers at once: a v2 push (API送信) and a Platform API webhook, each into its own demo connection.
async function checkSalesBecomeOrders(info, token, env, options) {
  const sales = [
    { label: "", command: info.posCommand },
    { label: " (Platform API)", command: info.platformPosCommand },
  ]
  const outcomes = await Promise.allSettled(sales.map((sale) => checkSaleBecomesOrder(sale, info, token, env, options)))
  const failure = outcomes.find((o) => o.status === "rejected")
  if (failure) throw failure.reason
}

// ---------------------------------------------------------------------------------------------------------
// Stopping: Ctrl-C to the whole process group, as a terminal does, then look for survivors.

function processTree(rootPid) {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" })
    .split("\n")
    .map((l) => l.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/))
    .filter(Boolean)
    .map(([, pid, ppid, args]) => ({ pid: Number(pid), ppid: Number(ppid), args }))
  const tree = []
  const visit = (pid) => {
    for (const row of rows.filter((r) => r.ppid === pid)) {
      tree.push(row)
      visit(row.pid)
    }
  }
  const root = rows.find((r) => r.pid === rootPid)
  if (root) tree.push(root)
  visit(rootPid)
  return tree
}

const alive = (pid) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function stopStoreAndCheck(child, env, label) {
  const tree = processTree(child.pid)
  const pgPort = tree.map((p) => p.args.match(/postgres -D .* -p (\d+)/)?.[1]).find(Boolean)
  process.kill(-child.pid, "SIGINT")
  const stopped = await Promise.race([child.done.then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)])
  if (!stopped) fail(`${label}: Ctrl-C stops it`, `npm run dev:store still running after ${STOP_TIMEOUT_MS / 1000} s`)
  const survivors = await until(async () => {
    const left = tree.filter((p) => alive(p.pid))
    return left.length ? null : []
  }, 15_000, 500)
  if (!survivors) {
    const left = tree.filter((p) => alive(p.pid))
    left.forEach((p) => process.kill(p.pid, "SIGKILL"))
    fail(`${label}: nothing left running`, left.map((p) => `${p.pid} ${p.args.slice(0, 80)}`).join("; "))
  }
  const ports = [env.PORT, env.FAKE_SMAREGI_PORT, env.FAKE_SMAREGI_PLATFORM_PORT, pgPort].filter(Boolean).map(Number)
  for (const port of ports) if (await portOpen(port)) fail(`${label}: nothing left running`, `port ${port} still listening`)
  pass(`${label}: Ctrl-C stops everything`, `${tree.length} processes gone, ports ${ports.join(", ")} closed`)
}

// ---------------------------------------------------------------------------------------------------------

async function dropDatabase(name) {
  const client = new pg.Client({ host: "localhost", port: 5432, user: "postgres", database: "postgres" })
  await client.connect()
  try {
    await client.query(`drop database if exists "${name.replace(/"/g, "")}" with (force)`)
  } finally {
    await client.end()
  }
}

async function main() {
  const options = parseOptions(process.argv.slice(2))
  if (!options) {
    console.log(USAGE)
    return 0
  }
  const startedAt = Date.now()
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "smaregi-devstore-smoke-"))
  fs.chmodSync(workDir, 0o755)
  const logFile = path.join(workDir, "dev-store.log")
  const env = await prepareEnvironment(options, workDir)
  say(`database: ${options.db}; ports ${env.PORT} (medusa), ${env.FAKE_SMAREGI_PORT} (fake Smaregi) and ${env.FAKE_SMAREGI_PLATFORM_PORT} (fake Platform API); log ${logFile}`)

  let child = null
  const abort = () => {
    if (child && child.exitCode === null) process.kill(-child.pid, "SIGKILL")
    process.exit(130)
  }
  process.on("SIGINT", abort)
  process.on("SIGTERM", abort)

  let failed = false
  try {
    child = startStore(env, logFile)
    const info = await waitUntilReady(child, logFile)
    pass("dev:store starts", readLog(logFile).match(/ready after ([\d.]+ s)/)?.[1] ?? "")
    await checkHealth(info)
    const token = await adminLogin(info)
    await checkFakeCustomerRef(info)
    await checkPlatformTestConnection(info, token)
    await checkSalesBecomeOrders(info, token, env, options)
    await stopStoreAndCheck(child, env, "first run")

    if (options.rerun) {
      fs.appendFileSync(logFile, "\n===== second run =====\n")
      const before = readLog(logFile).length
      child = startStore(env, logFile)
      await waitUntilReady(child, logFile, before)
      const seedLine = readLog(logFile, before).match(/demo store: .*/)?.[0] ?? ""
      if (!/demo store: existing; admin user: existing; demo connection: existing; platform demo connection: existing/.test(seedLine)) {
        fail("second run reuses the data", seedLine || "no seed summary printed")
      }
      pass("second run reuses the data", seedLine.replace(/ \(.*\)$/, ""))
      await stopStoreAndCheck(child, env, "second run")
    }
  } catch (error) {
    failed = true
    if (!(error instanceof SmokeFailure)) results.push({ status: "FAIL", name: "smoke script", detail: error.stack ?? String(error) })
    if (child && child.exitCode === null) {
      for (const p of processTree(child.pid)) if (alive(p.pid)) process.kill(p.pid, "SIGKILL")
    }
    console.log(`\n--- last lines of ${logFile} ---\n${readLog(logFile).split("\n").slice(-60).join("\n")}\n---`)
  } finally {
    if (options.db === "local") await dropDatabase(env.DEV_DB_NAME).catch((e) => say(`could not drop ${env.DEV_DB_NAME}: ${e.message}`))
  }

  console.log("")
  for (const r of results) console.log(`${r.status.padEnd(7)} ${r.name}${r.detail ? ` — ${r.detail}` : ""}`)
  if (failed) {
    console.log(`\ndev-store smoke: FAILED (log kept in ${logFile})`)
    return 1
  }
  fs.rmSync(workDir, { recursive: true, force: true })
  const pendingCount = results.filter((r) => r.status === "PENDING").length
  const took = `${((Date.now() - startedAt) / 1000).toFixed(1)} s`
  console.log(`\ndev-store smoke: OK in ${took}${pendingCount ? ` (${pendingCount} pending)` : ""}`)
  return 0
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error)
    process.exit(1)
  }
)
