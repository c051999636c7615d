// A migrated database that every HTTP spec file clones instead of migrating its own (CREATE DATABASE … TEMPLATE).
// Rebuilt only when what shapes the schema changes: migrations, links, the config or the locked dependencies.
import { spawn } from "node:child_process"
import crypto from "node:crypto"
import fs from "node:fs"
import path from "node:path"
import pg from "pg"
import { databaseUrl } from "./db.mjs"

const GOLDEN_PREFIX = "smaregi_test_golden_"

function filesUnder(dir) {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? filesUnder(p) : [p]
  })
}

export function schemaFingerprint(root) {
  const inputs = [
    path.join(root, "package-lock.json"),
    path.join(root, "medusa-config.ts"),
    ...filesUnder(path.join(root, "src", "links")),
    ...filesUnder(path.join(root, "src", "modules")).filter((f) => /[/\\](migrations|models)[/\\]/.test(f)),
    ...filesUnder(path.join(root, "src", "providers")).filter((f) => /[/\\]migrations[/\\]/.test(f)),
  ].sort()
  const hash = crypto.createHash("sha256")
  for (const file of inputs) {
    hash.update(path.relative(root, file))
    hash.update(fs.readFileSync(file))
  }
  return hash.digest("hex").slice(0, 32)
}

function run(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    let out = ""
    const child = spawn(cmd, args, { ...opts, stdio: ["ignore", "pipe", "pipe"] })
    child.stdout.on("data", (c) => (out += c))
    child.stderr.on("data", (c) => (out += c))
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(args[0] ?? cmd)} exited ${code}:\n${out.slice(-4000)}`))))
  })
}

// Other checkouts (branches, worktrees) on the same server keep their own template while they use it.
const UNUSED_FOR_MS = 3 * 24 * 3600 * 1000

async function markUsed(admin, name) {
  await admin.query(`comment on database "${name}" is 'smaregi test template, last used ${new Date().toISOString()}'`)
}

async function dropUnusedTemplates(admin, current) {
  const others = await admin.query(
    "select datname, shobj_description(oid, 'pg_database') as note from pg_database where datname like $1 and datname <> $2",
    [`${GOLDEN_PREFIX}%`, current]
  )
  for (const { datname, note } of others.rows) {
    const used = Date.parse(/last used (\S+)/.exec(note ?? "")?.[1] ?? "")
    if (Number.isFinite(used) && Date.now() - used < UNUSED_FOR_MS) continue
    await admin.query(`drop database if exists "${datname}"`).catch(() => {})
  }
}

/** Returns the name of the migrated template for this schema, building it when there is none yet. */
export async function prepareGoldenDatabase(db, { root, log = console.log }) {
  const name = `${GOLDEN_PREFIX}${schemaFingerprint(root).slice(0, 16)}`
  const building = `${name}_building`
  const admin = new pg.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database: "postgres" })
  await admin.connect()
  // Two test runs (two checkouts) building the same template wait for each other instead of racing.
  await admin.query("select pg_advisory_lock(hashtext($1))", [name])
  try {
    const found = await admin.query("select 1 from pg_database where datname = $1", [name])
    if (found.rowCount) {
      await markUsed(admin, name)
      return name
    }
    const started = Date.now()
    log(`Migrating the test template database ${name} (once per schema change)`)
    await admin.query(`drop database if exists ${building} with (force)`)
    await admin.query(`create database ${building}`)
    // The test runner's own migration path: module migrations and every link, no migration scripts.
    await run(process.execPath, [path.join(root, "node_modules", "@medusajs", "cli", "cli.js"), "db:migrate", "--skip-scripts", "--execute-all-links"], {
      cwd: root,
      env: { ...process.env, NODE_ENV: "test", DATABASE_URL: databaseUrl(db, building), MEDUSA_ADMIN_DISABLED: "true" },
    })
    // Renamed only once complete, so a clone never sees a half-migrated template.
    await admin.query(`alter database ${building} rename to ${name}`)
    await markUsed(admin, name)
    await dropUnusedTemplates(admin, name)
    log(`  template ready in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    return name
  } finally {
    await admin.end()
  }
}
