// `npm run bench [-- --quick] [-- --only webhook_ack,barcode]`: side-by-side benchmarks of the plugin against
// bare Medusa baselines (bench/run.ts), on a fresh database `medusa_smaregi_bench` of the configured, local or
// embedded PostgreSQL. One JSON line per figure on stdout; results.json, chart.svg and summary.md in
// .artifacts/bench/. How to read the figures: docs/performance.md.
import { spawn } from "node:child_process"
import crypto from "node:crypto"
import fs from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"
import pg from "pg"
import { databaseUrl, ensureDatabase, resolveDatabase } from "./db.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const DB_NAME = process.env.BENCH_DB_NAME || "medusa_smaregi_bench"
const args = process.argv.slice(2)

if (args.includes("--help") || args.includes("-h")) {
  console.log(`usage: npm run bench -- [--quick] [--only ${"webhook_ack,import_cost,import_throughput,member_backfill,barcode"}]

  --quick        smaller counts (development; the figures are noisier)
  --only a,b     run only these figures
  --no-redis     single-process layout only (the worker figures of import_throughput are then null)
  --fresh        run the migrations even when a migrated template of the same schema exists

Environment: DATABASE_URL or DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD pick the PostgreSQL server (else localhost:5432,
else an embedded one); BENCH_DB_NAME (default ${DB_NAME}) is dropped and re-created on every run; BENCH_REDIS_URL
(default redis://127.0.0.1:6379/12) is used for the server/worker layout when it answers (keys under a prefix of
the run, deleted at the end); BENCH_NODE_ARGS adds node flags to the store processes (e.g. --cpu-prof).`)
  process.exit(0)
}

const TEMPLATE = `${DB_NAME}_template`
const quote = (name) => `"${name.replace(/"/g, "")}"`

/** Everything that shapes the migrated schema: a template with another fingerprint is not reused. */
function schemaFingerprint() {
  const hash = crypto.createHash("sha256")
  const files = [path.join(root, "package-lock.json"), path.join(root, "bench", "app", "medusa-config.ts")]
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else files.push(full)
    }
  }
  for (const mod of fs.readdirSync(path.join(root, "src", "modules"))) walk(path.join(root, "src", "modules", mod, "migrations"))
  walk(path.join(root, "src", "links"))
  for (const file of files) hash.update(`${path.relative(root, file)}\0`).update(fs.existsSync(file) ? fs.readFileSync(file) : "")
  return hash.digest("hex").slice(0, 16)
}

async function adminClient(db) {
  const client = new pg.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database: "postgres" })
  await client.connect()
  return client
}

async function dropDatabase(client, name) {
  await client.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()", [name])
  await client.query(`drop database if exists ${quote(name)}`)
}

/** Drops and re-creates the bench database; from the migrated template when its fingerprint matches. */
async function recreateDatabase(db, name, { fresh }) {
  const fingerprint = schemaFingerprint()
  const client = await adminClient(db)
  try {
    await dropDatabase(client, name)
    const { rows } = await client.query(
      "select shobj_description(oid, 'pg_database') as fingerprint from pg_database where datname = $1",
      [TEMPLATE]
    )
    if (!fresh && rows[0]?.fingerprint === fingerprint) {
      await client.query(`create database ${quote(name)} template ${quote(TEMPLATE)}`)
      return { migrated: true, fingerprint }
    }
  } finally {
    await client.end()
  }
  await ensureDatabase(db, name)
  return { migrated: false, fingerprint }
}

// DATABASE_URL names the server here; the bench always uses its own database on it.
const db = await resolveDatabase({ log: (m) => console.error(`[bench] ${m}`) })
let child = null
const stop = async (code) => {
  await db.stop().catch(() => {})
  process.exit(code)
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (child) child.kill("SIGINT")
    else stop(130)
  })
}

let created
try {
  created = await recreateDatabase(db, DB_NAME, { fresh: args.includes("--fresh") })
} catch (error) {
  console.error(`[bench] could not create database ${DB_NAME} on ${db.source}: ${error.message}`)
  await stop(1)
}
console.error(`[bench] database ${DB_NAME} on ${db.source}${created.migrated ? ` (from the migrated template ${TEMPLATE})` : ""}`)

const env = {
  ...process.env,
  BENCH_DATABASE_URL: databaseUrl(db, DB_NAME),
  BENCH_DB_SOURCE: db.source,
  BENCH_DB_MIGRATED: created.migrated ? "true" : "false",
  BENCH_TEMPLATE_URL: databaseUrl(db, "postgres"),
  BENCH_TEMPLATE_NAME: TEMPLATE,
  BENCH_SCHEMA_FINGERPRINT: created.fingerprint,
}
delete env.DATABASE_URL
child = spawn(process.execPath, ["-r", "@swc-node/register", path.join(root, "bench", "run.ts"), ...args], {
  cwd: root,
  env,
  stdio: "inherit",
})
child.on("exit", (code, signal) => stop(code ?? (signal ? 1 : 0)))
