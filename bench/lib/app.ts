import { createHash } from "node:crypto"
import { type ChildProcess, spawn } from "node:child_process"
import fs from "node:fs"
import http from "node:http"
import net from "node:net"
import os from "node:os"
import path from "node:path"
import { request } from "./http"
import type { FakeTls } from "./tls"

export const REPO = path.resolve(__dirname, "..", "..")
export const APP_DIR = path.join(REPO, "bench", "app")
const MEDUSA_CLI = path.join(REPO, "node_modules", "@medusajs", "cli", "cli.js")

export type BenchEnv = {
  databaseUrl: string
  pluginDir: string
  logDir: string
  /** set: Medusa's Redis event bus, workflow engine and locking (multi-process runs) */
  redisUrl?: string
  /** the fake Smaregi's certificate, trusted by the store processes */
  fakeTls: FakeTls
}

/**
 * A package folder that Medusa resolves as the plugin: package.json plus `.medusa/server/src` linked to the
 * repository's `src`, so the bench loads the plugin the way a store does without a `plugin:build`. It lives
 * outside the repository so no tool walking the repository sees a second package of the same name; one folder per
 * checkout, so two checkouts can bench at once (each with its own BENCH_DB_NAME).
 */
export function makePluginShim(
  dir = path.join(os.tmpdir(), "medusa-plugin-smaregi-bench", createHash("sha256").update(REPO).digest("hex").slice(0, 12), "plugin")
): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { name: string; version: string }
  const server = path.join(dir, ".medusa", "server")
  fs.mkdirSync(server, { recursive: true })
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: pkg.name, version: pkg.version, private: true }, null, 2))
  const link = path.join(server, "src")
  const existing = fs.lstatSync(link, { throwIfNoEntry: false })
  if (existing && !existing.isSymbolicLink()) throw new Error(`${link} exists and is not a link; remove it or set another shim folder`)
  if (existing) fs.unlinkSync(link)
  fs.symlinkSync(path.join(REPO, "src"), link, "dir")
  return dir
}

function childEnv(env: BenchEnv, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env }
  // A machine-wide REDIS_URL would switch the plugin's rate limiter to Redis in single-process runs.
  delete base.REDIS_URL
  delete base.SMAREGI_REDIS_URL
  return {
    ...base,
    NODE_ENV: "production",
    DATABASE_URL: env.databaseUrl,
    BENCH_PLUGIN_DIR: env.pluginDir,
    JWT_SECRET: "bench-jwt-secret",
    COOKIE_SECRET: "bench-cookie-secret",
    SMAREGI_ENCRYPTION_KEY: "bench-encryption-key-0123456789abcdef",
    MEDUSA_DISABLE_TELEMETRY: "true",
    NODE_EXTRA_CA_CERTS: env.fakeTls.certFile,
    ...(env.redisUrl ? { BENCH_REDIS_URL: env.redisUrl, REDIS_URL: env.redisUrl } : {}),
    ...extra,
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.on("error", reject)
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

/** `medusa db:migrate` of the bench app (core, plugin modules, links). */
export async function migrate(env: BenchEnv, timeoutMs = 300_000): Promise<void> {
  const log = path.join(env.logDir, "migrate.log")
  const fd = fs.openSync(log, "w")
  const child = spawn(process.execPath, [MEDUSA_CLI, "db:migrate", "--execute-safe-links"], {
    cwd: APP_DIR,
    env: childEnv(env),
    stdio: ["ignore", fd, fd],
  })
  fs.closeSync(fd)
  const code = await exitOf(child, timeoutMs)
  if (code !== 0) throw new Error(`medusa db:migrate failed (exit ${code}); see ${log}`)
}

function exitOf(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      resolve(null)
    }, timeoutMs)
    child.on("exit", (code) => {
      clearTimeout(timer)
      resolve(code)
    })
  })
}

export type MedusaProcess = { name: string; url: string; pid: number; stop: () => Promise<void> }

/** `medusa start` of the bench app in one worker mode; resolves once GET /health answers. */
export async function startMedusa(
  env: BenchEnv,
  name: string,
  options: { workerMode?: "shared" | "server" | "worker"; extraEnv?: Record<string, string>; timeoutMs?: number } = {}
): Promise<MedusaProcess> {
  const port = await freePort()
  const log = path.join(env.logDir, `${name}.log`)
  // e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the store processes
  const fd = fs.openSync(log, "w")
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean)
  const child = spawn(process.execPath, [...nodeArgs, MEDUSA_CLI, "start", "--port", String(port), "--host", "127.0.0.1"], {
    cwd: APP_DIR,
    env: childEnv(env, { MEDUSA_WORKER_MODE: options.workerMode ?? "shared", PORT: String(port), ...(options.extraEnv ?? {}) }),
    // A file, not a pipe: the store's synchronous log writes must never wait on this process's event loop.
    stdio: ["ignore", fd, fd],
  })
  fs.closeSync(fd)
  live.add(child)
  child.on("exit", () => live.delete(child))
  let exited = false
  const exit = new Promise<void>((resolve) => child.on("exit", () => ((exited = true), resolve())))
  const url = `http://127.0.0.1:${port}`
  const agent = new http.Agent({ keepAlive: false })
  const deadline = Date.now() + (options.timeoutMs ?? 180_000)
  for (;;) {
    if (exited) throw new Error(`medusa (${name}) exited while starting; see ${log}`)
    const healthy = await request(agent, `${url}/health`, { timeoutMs: 2000 }).then(
      (r) => r.status === 200,
      () => false
    )
    if (healthy) break
    if (Date.now() > deadline) {
      child.kill("SIGKILL")
      throw new Error(`medusa (${name}) did not answer /health in time; see ${log}`)
    }
    await sleep(250)
  }
  const stop = async () => {
    if (exited) return
    child.kill("SIGTERM")
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000)
    await exit
    clearTimeout(timer)
  }
  return { name, url, pid: child.pid!, stop }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const live = new Set<ChildProcess>()
process.on("exit", () => {
  for (const child of live) child.kill("SIGKILL")
})
