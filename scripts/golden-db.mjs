// A migrated database that every HTTP spec file clones instead of migrating its own (CREATE DATABASE … TEMPLATE).
// Rebuilt only when what shapes the schema changes: migrations, links, the config or the locked dependencies.
import { spawn } from "node:child_process"
import crypto from "node:crypto"
import fs from "node:fs"
import path from "node:path"
import pg from "pg"
import { databaseUrl } from "./db.mjs"

export const GOLDEN_DB = "smaregi_test_golden"

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

/** Returns the golden database's name, building it when missing or out of date. */
export async function prepareGoldenDatabase(db, { root, log = console.log }) {
  const fingerprint = schemaFingerprint(root)
  const admin = new pg.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database: "postgres" })
  await admin.connect()
  try {
    const found = await admin.query(
      "select shobj_description(oid, 'pg_database') as fingerprint from pg_database where datname = $1",
      [GOLDEN_DB]
    )
    if (found.rowCount && found.rows[0].fingerprint === fingerprint) return GOLDEN_DB
    const started = Date.now()
    log(`Migrating the test template database ${GOLDEN_DB} (once per schema change)`)
    await admin.query(`drop database if exists ${GOLDEN_DB} with (force)`)
    await admin.query(`create database ${GOLDEN_DB}`)
    // The test runner's own migration path: module migrations and every link, no migration scripts.
    await run(process.execPath, [path.join(root, "node_modules", "@medusajs", "cli", "cli.js"), "db:migrate", "--skip-scripts", "--execute-all-links"], {
      cwd: root,
      env: { ...process.env, NODE_ENV: "test", DATABASE_URL: databaseUrl(db, GOLDEN_DB), MEDUSA_ADMIN_DISABLED: "true" },
    })
    await admin.query(`comment on database ${GOLDEN_DB} is '${fingerprint}'`)
    log(`  template ready in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    return GOLDEN_DB
  } finally {
    await admin.end()
  }
}
