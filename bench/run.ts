// The bench driver, started by scripts/bench.mjs (which picks the PostgreSQL server and re-creates the
// database): migrates, starts the bench host store (bench/app) with `medusa start`, runs the figures, writes
// .artifacts/bench/results.json and chart.svg. Logs of every store process are in .artifacts/bench/logs/.
import { execSync } from "node:child_process"
import fs from "node:fs"
import http from "node:http"
import os from "node:os"
import path from "node:path"
import pg from "pg"
import { throwAwayCertificate } from "./lib/tls"
import { type BenchEnv, makePluginShim, migrate, REPO, startMedusa } from "./lib/app"
import { renderChart } from "./lib/chart"
import { renderSummary } from "./lib/summary"
import { type BenchContext, count, type Figure, makePost, type Setup, waitUntil } from "./lib/context"
import { deleteRedisKeys, redisAvailable } from "./lib/redis"
import { barcode } from "./figures/barcode"
import { importCost } from "./figures/import-cost"
import { measureThroughput, throughputFigure, type ThroughputRun } from "./figures/import-throughput"
import { memberBackfill } from "./figures/member-backfill"
import { ACK_LEVELS, ACK_TARGET_CONCURRENCY, webhookAck } from "./figures/webhook-ack"

const NAMES = ["webhook_ack", "import_cost", "import_throughput", "member_backfill", "barcode"]
const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/12"
const EVENT_CONCURRENCY = 4

const AGREEMENT_ID = "bench-agreement-0001"
const OUT_DIR = process.env.BENCH_OUT_DIR ? path.resolve(process.env.BENCH_OUT_DIR) : path.join(REPO, ".artifacts", "bench")

function parseArgs(argv: string[]) {
  const onlyIndex = argv.findIndex((a) => a === "--only" || a.startsWith("--only="))
  const onlyRaw = onlyIndex === -1 ? null : argv[onlyIndex].includes("=") ? argv[onlyIndex].split("=")[1] : argv[onlyIndex + 1]
  const only = onlyRaw ? onlyRaw.split(",").map((s) => s.trim()).filter(Boolean) : NAMES
  for (const name of only) {
    if (!NAMES.includes(name)) throw new Error(`unknown figure "${name}" (choose from ${NAMES.join(", ")})`)
  }
  return { only, quick: argv.includes("--quick"), redis: !argv.includes("--no-redis") }
}

function environment(quick: boolean, loadBefore: number) {
  const commit = (() => {
    try {
      return execSync("git rev-parse --short HEAD", { cwd: REPO, stdio: ["ignore", "pipe", "ignore"] }).toString().trim()
    } catch {
      return null
    }
  })()
  const dirty = (() => {
    try {
      return execSync("git status --porcelain", { cwd: REPO, stdio: ["ignore", "pipe", "ignore"] }).toString().trim().length > 0
    } catch {
      return null
    }
  })()
  return {
    date: new Date().toISOString(),
    commit,
    dirty,
    quick,
    node: process.version,
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model ?? null,
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    database: process.env.BENCH_DB_SOURCE ?? null,
    // Other work on the machine skews the milliseconds (less so the ratios): the 1-minute load average.
    load_average_start: Math.round(loadBefore * 100) / 100,
    load_average_end: Math.round(os.loadavg()[0] * 100) / 100,
  }
}

/** Keeps the freshly migrated database as a template for the next runs (scripts/bench.mjs reuses it). */
async function saveTemplate(log: (m: string) => void) {
  const { BENCH_TEMPLATE_URL: url, BENCH_TEMPLATE_NAME: name, BENCH_SCHEMA_FINGERPRINT: fingerprint } = process.env
  const source = new URL(process.env.BENCH_DATABASE_URL!).pathname.slice(1)
  if (!url || !name || !fingerprint) return
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}"`)
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${source}"`)
    await client.query(`COMMENT ON DATABASE "${name}" IS '${fingerprint.replace(/[^0-9a-f]/g, "")}'`)
  } catch (error) {
    log(`could not keep a template of the migrated database (${error instanceof Error ? error.message : String(error)}); next run migrates again`)
  } finally {
    await client.end()
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2))
  const log = (message: string) => console.error(`[bench] ${message}`)
  const databaseUrl = process.env.BENCH_DATABASE_URL
  if (!databaseUrl) throw new Error("BENCH_DATABASE_URL is not set: run `npm run bench`")
  const logDir = path.join(OUT_DIR, "logs")
  fs.rmSync(logDir, { recursive: true, force: true })
  fs.mkdirSync(logDir, { recursive: true })
  const env: BenchEnv = { databaseUrl, logDir, pluginDir: makePluginShim(), fakeTls: throwAwayCertificate(path.join(OUT_DIR, "tls")) }
  const started = Date.now()
  const loadBefore = os.loadavg()[0]

  if (process.env.BENCH_DB_MIGRATED !== "true") {
    log("migrating the bench database…")
    await migrate(env)
    await saveTemplate(log)
    log(`migrated (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  }
  log("starting the bench store…")
  let app = await startMedusa(env, "store")
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 })
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 })
  const post = makePost(agent, () => app)
  const figures: Figure[] = []
  let failed = false
  const redisUrl = process.env.BENCH_REDIS_URL || DEFAULT_REDIS_URL
  const redisPrefix = `medusa-plugin-smaregi-bench-${Date.now().toString(36)}-${process.pid}`
  let usedRedis = false
  try {
    const setup = await post<Setup>("/bench/setup", { agreement_id: AGREEMENT_ID, members: 20 })
    log(`store ready (${((Date.now() - started) / 1000).toFixed(1)} s)`)
    let saleId = 100_000
    const ctx: BenchContext = {
      env,
      quick: opts.quick,
      get app() {
        return app
      },
      setup,
      agreementId: AGREEMENT_ID,
      db,
      agent,
      nextSaleId: (n) => {
        const first = saleId
        saleId += n
        return first
      },
      log,
      post,
    }
    const want = (name: string) => opts.only.includes(name)
    const emit = (figure: Figure) => {
      figures.push(figure)
      console.log(JSON.stringify(figure))
    }
    const step = async (name: string, run: () => Promise<void>) => {
      const t0 = Date.now()
      try {
        await run()
      } catch (error) {
        failed = true
        const message = error instanceof Error ? error.message : String(error)
        log(`${name} failed: ${message}`)
        emit({ figure: name.split(" ")[0], met: null, error: message })
      }
      log(`${name} took ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    }
    const redis = opts.redis && (want("webhook_ack") || want("import_throughput")) && (await redisAvailable(redisUrl))
    const noRedisReason = opts.redis
      ? `Redis not reachable at ${redisUrl}: worker processes need Medusa's Redis event bus`
      : "--no-redis: worker processes need Medusa's Redis event bus"
    if (!redis && (want("webhook_ack") || want("import_throughput"))) log(noRedisReason)
    const pending = () => count(db, "select count(*) from smaregi_transaction where status = 'received'")

    // 1. One shared process (local event bus): the default store and the dev stack.
    if (want("webhook_ack")) {
      await step("webhook_ack", async () => {
        const lines = await webhookAck(ctx, {
          layout: "single process",
          // With Redis the full set runs in the production layout below; here only the target level, for contrast.
          levels: redis ? [ACK_TARGET_CONCURRENCY] : ACK_LEVELS,
          drain: () => waitUntil("the pushes' processing to finish", async () => (await pending()) === 0, 300_000, 100).then(() => {}),
        })
        lines.forEach(emit)
      })
    }
    if (want("import_cost")) await step("import_cost", async () => (await importCost(ctx)).forEach(emit))
    if (want("barcode")) await step("barcode", async () => (await barcode(ctx)).forEach(emit))
    if (want("member_backfill")) await step("member_backfill", async () => (await memberBackfill(ctx)).forEach(emit))
    let single: ThroughputRun | null = null
    const workers: { 1: ThroughputRun | null; 2: ThroughputRun | null } = { 1: null, 2: null }
    let workersReason: string | null = redis ? null : noRedisReason
    if (want("import_throughput")) {
      await step("import_throughput (single process)", async () => {
        single = await measureThroughput(ctx, app.url)
      })
    }

    // 2. Production layout: a server process that only stores and enqueues, worker processes that import.
    const redisEnv: BenchEnv = { ...env, redisUrl }
    const extraEnv = { BENCH_EVENT_CONCURRENCY: String(EVENT_CONCURRENCY), BENCH_REDIS_PREFIX: redisPrefix }
    let serverUp = false
    if (redis) {
      await step("production_layout", async () => {
        usedRedis = true
        await app.stop()
        app = await startMedusa(redisEnv, "server", { workerMode: "server", extraEnv })
        serverUp = true
      })
      if (!serverUp) workersReason = "the server process of the Redis layout did not start (see .artifacts/bench/logs/server.log)"
    }
    if (serverUp) {
      if (want("webhook_ack")) {
        await step("webhook_ack", async () => {
          const lines = await webhookAck(ctx, {
            layout: "server process (Redis event bus; no worker attached, queued events discarded between blocks)",
            levels: ACK_LEVELS,
            drain: async () => {
              await deleteRedisKeys(redisUrl, `${redisPrefix}-events`)
              // What their discarded processing would have recorded; left `received`, the plugin's pending job
              // would process them in the workers later and skew import_throughput.
              await db.query(
                `update smaregi_transaction set status = 'skipped', reason_code = 'import_disabled', processed_at = now()
                  where status = 'received' and deleted_at is null`
              )
            },
          })
          lines.forEach(emit)
        })
      }
      if (want("import_throughput")) {
        await deleteRedisKeys(redisUrl, `${redisPrefix}-events`)
        const started: Array<{ stop: () => Promise<void> }> = []
        await step("import_throughput (workers)", async () => {
          try {
            for (const n of [1, 2] as const) {
              started.push(await startMedusa(redisEnv, `worker-${n}`, { workerMode: "worker", extraEnv }))
              workers[n] = await measureThroughput(ctx, app.url)
              log(`import_throughput with ${n} worker(s): ${workers[n]!.perSecond.toFixed(2)} sales/s`)
            }
          } catch (error) {
            workersReason = `multi-process run failed: ${error instanceof Error ? error.message : String(error)}`
            throw error
          } finally {
            for (const worker of started.reverse()) await worker.stop()
          }
        })
      }
    }
    if (want("import_throughput") && single) emit(throughputFigure(ctx, single, workers, EVENT_CONCURRENCY, workersReason))
  } finally {
    await app.stop()
    await db.end()
    agent.destroy()
    if (usedRedis) await deleteRedisKeys(redisUrl, redisPrefix).catch(() => 0)
  }

  fs.mkdirSync(OUT_DIR, { recursive: true })
  const results = { environment: environment(opts.quick, loadBefore), took_s: Math.round((Date.now() - started) / 1000), figures }
  fs.writeFileSync(path.join(OUT_DIR, "results.json"), JSON.stringify(results, null, 2) + "\n")
  fs.writeFileSync(path.join(OUT_DIR, "chart.svg"), renderChart(figures, results.environment))
  fs.writeFileSync(path.join(OUT_DIR, "summary.md"), renderSummary(figures, results.environment))
  log(`done in ${results.took_s} s: .artifacts/bench/results.json, chart.svg, summary.md`)
  process.exit(failed ? 1 : 0)
}

main().catch((error) => {
  console.error(`[bench] ${error instanceof Error ? error.stack ?? error.message : String(error)}`)
  process.exit(1)
})
