import { type ChildProcess, spawn } from "node:child_process"
import fs from "node:fs"
import net from "node:net"
import os from "node:os"
import path from "node:path"
import readline from "node:readline"
import pg from "pg"
import type { MultiSeedInput, MultiSeedResult } from "./seed"

// Real Medusa processes for the multi-instance suite: one database, one Redis database index, N servers and a
// worker started with `medusa start` from a throw-away project folder (outside the repo) whose src/ is the repo's.

const ROOT = path.resolve(__dirname, "../..")
const CLI = path.join(ROOT, "node_modules", "@medusajs", "cli", "cli.js")
const SEED_MARKER = "MULTI_SEED_RESULT "

export const MULTI_REDIS_URL = process.env.SMAREGI_MULTI_REDIS_URL || "redis://localhost:6379/13"

export type Role = "server" | "worker"

export type MedusaProcess = {
  name: string
  role: Role
  port: number
  url: string
  child: ChildProcess
  lines: string[]
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

export type Cluster = {
  dir: string
  databaseUrl: string
  db: pg.Pool
  seed: MultiSeedResult
  processes: Map<string, MedusaProcess>
  /** base URLs of the running servers */
  servers(): string[]
  start(name: string, role: Role): Promise<MedusaProcess>
  /** SIGKILL: no shutdown hook runs, in-flight work is lost as in a crash. */
  crash(name: string): Promise<void>
  stop(): Promise<void>
  /** the last lines each process wrote, for failure messages */
  tail(lines?: number): string
}

export type ClusterOptions = {
  seed: Omit<MultiSeedInput, "agreementSecret"> & { agreementSecret: string }
  env?: Record<string, string>
  log?: (line: string) => void
}

/** Why the multi-instance suite cannot run here, or null when Redis answers. */
export async function redisUnavailable(url = MULTI_REDIS_URL): Promise<string | null> {
  const { host, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port || 6379) })
    const done = (reason: string | null) => {
      socket.destroy()
      resolve(reason)
    }
    socket.setTimeout(1500, () => done(`Redis at ${url} did not answer within 1.5 s`))
    socket.once("error", (e) => done(`Redis at ${url} is not reachable (${e.message})`))
    socket.once("connect", () => socket.write("PING\r\n"))
    socket.once("data", (d) => done(d.toString().startsWith("+PONG") ? null : `Redis at ${url} answered ${JSON.stringify(d.toString().trim())}`))
  })
}

async function flushRedisDb(url: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const IORedis = require("ioredis")
  const redis = new IORedis(url, { maxRetriesPerRequest: 1 })
  try {
    await redis.flushdb()
  } finally {
    redis.disconnect()
  }
}

function postgresAdmin(): pg.ClientConfig {
  return {
    host: process.env.DB_HOST || "localhost",
    port: Number(process.env.DB_PORT || 5432),
    user: process.env.DB_USERNAME || "postgres",
    password: process.env.DB_PASSWORD || "",
    database: "postgres",
  }
}

function databaseUrlFor(name: string): string {
  const c = postgresAdmin()
  const auth = c.password ? `${encodeURIComponent(String(c.user))}:${encodeURIComponent(String(c.password))}` : encodeURIComponent(String(c.user))
  return `postgres://${auth}@${c.host}:${c.port}/${name}`
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client(postgresAdmin())
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on("error", reject)
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

function projectDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "smaregi-multi-"))
  // SMAREGI_MULTI_SRC: run the processes on another copy of src/ (e.g. a patched tree) without touching this one.
  fs.symlinkSync(process.env.SMAREGI_MULTI_SRC || path.join(ROOT, "src"), path.join(dir, "src"), "dir")
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir")
  for (const file of ["package.json", "tsconfig.json"]) fs.copyFileSync(path.join(ROOT, file), path.join(dir, file))
  fs.copyFileSync(path.join(__dirname, "medusa-config.ts"), path.join(dir, "medusa-config.ts"))
  return dir
}

async function waitFor(probe: () => Promise<boolean>, what: string, timeoutMs: number, failed: () => string | null = () => null) {
  const until = Date.now() + timeoutMs
  for (;;) {
    if (await probe().catch(() => false)) return
    const reason = failed()
    if (reason) throw new Error(`${what}: ${reason}`)
    if (Date.now() > until) throw new Error(`${what}: timed out after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const log = options.log ?? (() => undefined)
  const dbName = `smaregi_multi_${process.pid}_${Date.now()}`
  const databaseUrl = databaseUrlFor(dbName)
  const dir = projectDir()
  await flushRedisDb(MULTI_REDIS_URL)
  // From the migrated template `npm test` prepares (scripts/golden-db.mjs) when there is one; it holds every
  // table this store needs (Redis modules add none), so db:migrate runs only without it.
  const template = process.env.SMAREGI_TEST_GOLDEN_DB
  await adminQuery(`CREATE DATABASE "${dbName}"${template ? ` TEMPLATE "${template}"` : ""}`)

  const baseEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    NODE_ENV: "development",
    MEDUSA_DISABLE_TELEMETRY: "true",
    MEDUSA_ADMIN_DISABLED: "true",
    DATABASE_URL: databaseUrl,
    REDIS_URL: MULTI_REDIS_URL,
    DB_USERNAME: String(postgresAdmin().user),
    JWT_SECRET: "supersecret",
    COOKIE_SECRET: "supersecret",
    ...options.env,
  }
  const processes = new Map<string, MedusaProcess>()
  const logFile = (name: string) => fs.createWriteStream(path.join(dir, `${name}.log`), { flags: "a" })

  const run = (name: string, args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; lines: string[]; exited: MedusaProcess["exited"] } => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env, detached: true, stdio: ["ignore", "pipe", "pipe"] })
    const lines: string[] = []
    const file = logFile(name)
    for (const stream of [child.stdout!, child.stderr!]) {
      readline.createInterface({ input: stream }).on("line", (line) => {
        lines.push(line)
        if (lines.length > 2000) lines.splice(0, 500)
        file.write(`${line}\n`)
      })
    }
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on("exit", (code, signal) => {
        file.end()
        resolve({ code, signal })
      })
    )
    return { child, lines, exited }
  }

  const step = async (name: string, args: string[], env: NodeJS.ProcessEnv = baseEnv): Promise<string[]> => {
    const started = Date.now()
    const { lines, exited } = run(name, args, env)
    const { code, signal } = await exited
    if (code !== 0) throw new Error(`${name} failed (${signal ?? `exit ${code}`}):\n${lines.slice(-40).join("\n")}`)
    log(`${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    return lines
  }

  const signalGroup = (p: MedusaProcess, signal: NodeJS.Signals) => {
    try {
      process.kill(-p.child.pid!, signal)
    } catch {
      // already gone
    }
  }

  const cluster: Cluster = {
    dir,
    databaseUrl,
    db: new pg.Pool({ connectionString: databaseUrl, max: 4 }),
    seed: undefined as unknown as MultiSeedResult,
    processes,
    servers: () => [...processes.values()].filter((p) => p.role === "server" && p.child.exitCode === null && p.child.signalCode === null).map((p) => p.url),
    async start(name, role) {
      const previous = processes.get(name)
      const port = previous?.port ?? (await freePort())
      const started = Date.now()
      const { child, lines, exited } = run(name, ["start", "--port", String(port)], { ...baseEnv, MEDUSA_WORKER_MODE: role, PORT: String(port) })
      const p: MedusaProcess = { name, role, port, url: `http://127.0.0.1:${port}`, child, lines, exited }
      processes.set(name, p)
      await waitFor(
        async () => (await fetch(`${p.url}/health`)).ok,
        `${name} (${role}) did not become healthy`,
        120_000,
        () => (child.exitCode !== null || child.signalCode !== null ? `exited early:\n${lines.slice(-40).join("\n")}` : null)
      )
      log(`${name} (${role}) healthy on ${port} after ${((Date.now() - started) / 1000).toFixed(1)} s`)
      return p
    },
    async crash(name) {
      const p = processes.get(name)
      if (!p) throw new Error(`no process ${name}`)
      signalGroup(p, "SIGKILL")
      await p.exited
    },
    async stop() {
      await Promise.all(
        [...processes.values()].map(async (p) => {
          if (p.child.exitCode !== null || p.child.signalCode !== null) return
          signalGroup(p, "SIGTERM")
          const timer = setTimeout(() => signalGroup(p, "SIGKILL"), 10_000)
          await p.exited
          clearTimeout(timer)
        })
      )
      await cluster.db.end().catch(() => undefined)
      // SMAREGI_MULTI_KEEP=1 keeps the database and the process logs for a post-mortem.
      if (process.env.SMAREGI_MULTI_KEEP) {
        log(`kept database ${dbName} and process logs in ${dir}`)
        return
      }
      await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch((e) => log(`could not drop ${dbName}: ${e}`))
      await flushRedisDb(MULTI_REDIS_URL).catch(() => undefined)
      fs.rmSync(dir, { recursive: true, force: true })
    },
    tail(n = 30) {
      return [...processes.values()].map((p) => `--- ${p.name} (${p.role})\n${p.lines.slice(-n).join("\n")}`).join("\n")
    },
  }

  try {
    if (!template) await step("migrate", ["db:migrate"])
    const seedLines = await step("seed", ["exec", path.join(__dirname, "seed.ts")], {
      ...baseEnv,
      MULTI_SEED_INPUT: JSON.stringify(options.seed),
    })
    const line = seedLines.find((l) => l.includes(SEED_MARKER))
    if (!line) throw new Error(`the seed printed no result:\n${seedLines.slice(-30).join("\n")}`)
    cluster.seed = JSON.parse(line.slice(line.indexOf(SEED_MARKER) + SEED_MARKER.length)) as MultiSeedResult
  } catch (e) {
    await cluster.stop()
    throw e
  }
  return cluster
}
