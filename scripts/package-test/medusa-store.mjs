// One brand-new Medusa store on a given Medusa version, with the packed plugin installed as the README says:
// install, medusa-config.js, migrate, build, start; then a connection through the admin API and a POS sale
// that must become a paid order.
import fs from "node:fs"
import path from "node:path"
import pg from "pg"
import { cleanEnv, freePort, http, run, startService, stopService, until } from "./util.mjs"

const NPM = process.platform === "win32" ? "npm.cmd" : "npm"
const NPX = process.platform === "win32" ? "npx.cmd" : "npx"
const ADMIN = { email: "admin@example.com", password: "supersecret" }
const SKU = "PKG-TEST-TEE"

// The README's medusa-config, in plain JavaScript, plus the project settings every store has.
const MEDUSA_CONFIG = `const { loadEnv, defineConfig } = require("@medusajs/framework/utils")

loadEnv(process.env.NODE_ENV || "development", process.cwd())

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS,
      adminCors: process.env.ADMIN_CORS,
      authCors: process.env.AUTH_CORS,
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  plugins: [
    {
      resolve: "medusa-plugin-smaregi",
      options: {
        // 32+ random characters; encrypts access tokens and agreement secrets at rest.
        encryptionKey: process.env.SMAREGI_ENCRYPTION_KEY,
      },
    },
  ],
  modules: [
    {
      resolve: "@medusajs/medusa/payment",
      options: {
        providers: [
          // 店頭決済: POS sales are recorded as paid in store through this provider.
          { resolve: "medusa-plugin-smaregi/providers/store-payment", id: "smaregi" },
        ],
      },
    },
  ],
})
`

// A new store's build tooling (create-medusa-app's template, without its test tools): `medusa build` needs
// TypeScript, the admin build React and Vite. Versions as this repository pins them (its own dev store).
const STORE_DEV_DEPENDENCIES = (() => {
  const ours = JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")).devDependencies
  const names = ["@swc/core", "@types/node", "@types/react", "@types/react-dom", "react", "react-dom", "ts-node", "typescript", "vite"]
  return Object.fromEntries(names.map((name) => [name, `^${ours[name]}`]))
})()

// create-medusa-app's tsconfig.json; `allowJs` because this store's medusa-config is plain JavaScript and
// `medusa build` puts into .medusa/server only what the TypeScript compiler emits.
const STORE_TSCONFIG = {
  compilerOptions: {
    target: "ES2021",
    esModuleInterop: true,
    module: "Node16",
    moduleResolution: "Node16",
    emitDecoratorMetadata: true,
    experimentalDecorators: true,
    skipLibCheck: true,
    skipDefaultLibCheck: true,
    declaration: false,
    sourceMap: false,
    inlineSourceMap: true,
    outDir: "./.medusa/server",
    rootDir: "./",
    jsx: "react-jsx",
    forceConsistentCasingInFileNames: true,
    resolveJsonModule: true,
    checkJs: false,
    allowJs: true,
    strict: true,
  },
  "ts-node": { swc: true },
  include: ["**/*", ".medusa/types/*"],
  exclude: ["node_modules", ".medusa/server", ".medusa/admin", ".cache"],
}

export function databaseConfig(env = process.env) {
  return {
    host: env.DB_HOST || "localhost",
    port: Number(env.DB_PORT || 5432),
    user: env.DB_USERNAME || "postgres",
    password: env.DB_PASSWORD || undefined,
  }
}

function databaseUrl(db, name) {
  const auth = db.password ? `${encodeURIComponent(db.user)}:${encodeURIComponent(db.password)}` : encodeURIComponent(db.user)
  return `postgres://${auth}@${db.host}:${db.port}/${name}`
}

async function admin(db, sql) {
  const client = new pg.Client({ ...db, database: "postgres" })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/**
 * @param {{ version: string, tarball: string, dir: string, fake: { url: string, contractId: string, accessToken: string, caFile: string },
 *   root: string, step: (name: string, detail?: string) => void }} input
 */
export async function testMedusaStore({ version, tarball, dir, fake, root, step }) {
  const log = path.join(dir, "output.log")
  fs.mkdirSync(dir, { recursive: true })
  const db = databaseConfig()
  const dbName = `smaregi_pkg_${version.replace(/\W/g, "_")}_${process.pid}`
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const env = cleanEnv({
    DATABASE_URL: databaseUrl(db, dbName),
    SMAREGI_ENCRYPTION_KEY: "package-test-encryption-key-0123456789abcdef",
    // The fake Smaregi's throw-away certificate, as a store behind a private CA would configure it.
    NODE_EXTRA_CA_CERTS: fake.caFile,
    STORE_CORS: "http://localhost:8000",
    ADMIN_CORS: base,
    AUTH_CORS: base,
    PORT: String(port),
    MEDUSA_DISABLE_TELEMETRY: "true",
  })
  let server = null
  try {
    fs.writeFileSync(
      path.join(dir, "package.json"),
      `${JSON.stringify(
        {
          name: "smaregi-install-test-store",
          version: "0.0.0",
          private: true,
          scripts: { build: "medusa build", start: "medusa start" },
          dependencies: {
            "@medusajs/admin-sdk": version,
            "@medusajs/cli": version,
            "@medusajs/framework": version,
            "@medusajs/medusa": version,
          },
          devDependencies: STORE_DEV_DEPENDENCIES,
        },
        null,
        2
      )}\n`
    )
    await run(NPM, ["install", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: dir, env, log })
    // README: `npm install medusa-plugin-smaregi` (here the packed tarball).
    await run(NPM, ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], { cwd: dir, env, log })
    const installed = JSON.parse(fs.readFileSync(path.join(dir, "node_modules/@medusajs/medusa/package.json"), "utf8")).version
    if (installed !== version) throw new Error(`@medusajs/medusa ${installed} installed instead of ${version}`)
    step("npm install (store + plugin tarball)", `@medusajs/medusa ${installed}`)

    fs.writeFileSync(path.join(dir, "tsconfig.json"), `${JSON.stringify(STORE_TSCONFIG, null, 2)}\n`)
    fs.writeFileSync(path.join(dir, "medusa-config.js"), MEDUSA_CONFIG)
    await admin(db, `DROP DATABASE IF EXISTS "${dbName}"`)
    await admin(db, `CREATE DATABASE "${dbName}"`)
    await run(NPX, ["medusa", "db:migrate"], { cwd: dir, env, log })
    const tables = await tableCount(db, dbName)
    if (!tables.includes("smaregi_connection")) throw new Error(`db:migrate made no smaregi_connection table (tables: ${tables.length})`)
    step("npx medusa db:migrate", `${tables.filter((t) => t.startsWith("smaregi_")).length} smaregi_* tables`)

    await run(NPX, ["medusa", "build"], { cwd: dir, env, log })
    const adminHtml = path.join(dir, ".medusa/server/public/admin/index.html")
    // `medusa build` exits 0 even when it could not compile: check what it made.
    for (const made of [adminHtml, path.join(dir, ".medusa/server/medusa-config.js")]) {
      if (!fs.existsSync(made)) throw new Error(`medusa build made no ${path.relative(dir, made)}`)
    }
    step("npx medusa build", "server and admin, the plugin's admin extensions included")

    await run(NPX, ["medusa", "user", "-e", ADMIN.email, "-p", ADMIN.password], { cwd: dir, env, log })

    // Medusa's production start: the build's own folder (its `npm install` is the store's node_modules).
    const serverDir = path.join(dir, ".medusa/server")
    fs.symlinkSync(path.join(dir, "node_modules"), path.join(serverDir, "node_modules"), "dir")
    server = startService(NPX, ["medusa", "start"], { cwd: serverDir, env: { ...env, NODE_ENV: "production" }, log })
    await until("GET /health", async () => (await fetch(`${base}/health`)).ok, { timeoutMs: 240_000, service: server })
    const app = await http("GET", `${base}/app/`, { headers: { accept: "text/html" } })
    if (!app.text.includes("<div id=\"medusa\"") && !app.text.includes("<html")) throw new Error("GET /app/ did not serve the admin")
    step("npx medusa start", `${base}: /health and the admin at /app`)

    const { json: login } = await http("POST", `${base}/auth/user/emailpass`, { body: ADMIN })
    const token = login.token
    const regionId = (
      await http("POST", `${base}/admin/regions`, {
        token,
        body: { name: "Japan", currency_code: "jpy", countries: ["jp"], payment_providers: ["pp_store-payment_smaregi"] },
      })
    ).json.region.id
    const salesChannelId = (await http("GET", `${base}/admin/sales-channels?limit=1`, { token })).json.sales_channels[0]?.id
    if (!salesChannelId) throw new Error("the new store has no sales channel")
    await http("POST", `${base}/admin/products`, {
      token,
      body: {
        title: "Package test T-shirt",
        status: "published",
        options: [{ title: "Size", values: ["M"] }],
        variants: [
          { title: "M", sku: SKU, options: { Size: "M" }, manage_inventory: false, prices: [{ currency_code: "jpy", amount: 1500 }] },
        ],
        sales_channels: [{ id: salesChannelId }],
      },
    })

    const agreementSecret = "package-test-agreement"
    const { json: created } = await http("POST", `${base}/admin/smaregi/connections`, {
      token,
      body: {
        name: "Package test",
        agreement_secret: agreementSecret,
        access_token: fake.accessToken,
        settings: {
          apiUrl: fake.url,
          contractId: fake.contractId,
          allowedSources: ["127.0.0.1", "::1"],
          mode: "create_update_cancel",
          productCodeMatch: { attribute: "sku", metadataKey: null },
          salesChannelId,
          regionId,
        },
      },
    })
    const connectionId = created.connection?.id ?? created.id
    if (!connectionId) throw new Error(`POST /admin/smaregi/connections answered without an id: ${JSON.stringify(created).slice(0, 300)}`)
    const { json: tested } = await http("POST", `${base}/admin/smaregi/connections/${connectionId}/test-connection`, { token })
    if (!tested.ok) throw new Error(`Test connection against the fake Smaregi failed: ${JSON.stringify(tested)}`)
    step("connection through the admin API", `${connectionId}; Test connection ok`)

    const headId = String(Date.now() % 1_000_000_000)
    await run(
      process.execPath,
      [
        "-r",
        "@swc-node/register",
        "dev/pos/cli.ts",
        "sale",
        "--url",
        `${base}/hooks/smaregi/transactions`,
        "--agreement-id",
        agreementSecret,
        "--id",
        headId,
        "--sku",
        `${SKU}:2:1500`,
      ],
      { cwd: root, env: cleanEnv(), log }
    )
    // The import creates the order, then pays it: wait for the payment, naming what was last seen.
    let seen = "no order"
    const order = await until(
      `a paid order for POS sale ${headId}`,
      async () => {
        const { json } = await http("GET", `${base}/admin/orders?fields=id,display_id,total,payment_status,metadata&limit=20`, { token })
        const found = json.orders.find((o) => String(o.metadata?.smaregi_transaction_head_id) === headId)
        if (found) seen = `order #${found.display_id} payment_status ${found.payment_status}`
        return found?.payment_status === "captured" ? found : null
      },
      { timeoutMs: 120_000, service: server }
    ).catch((e) => {
      throw new Error(`${e.message}; last seen: ${seen}`)
    })
    if (Number(order.total) !== 3000) throw new Error(`order #${order.display_id} total ${order.total}, expected 3000 (2 × 1500)`)
    step("POS sale → paid order", `order #${order.display_id}, total ¥${order.total}, payment ${order.payment_status}`)
  } finally {
    await stopService(server)
    await admin(db, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {})
  }
}

async function tableCount(db, database) {
  const client = new pg.Client({ ...db, database })
  await client.connect()
  try {
    const { rows } = await client.query("select tablename from pg_tables where schemaname = 'public'")
    return rows.map((r) => r.tablename)
  } finally {
    await client.end()
  }
}
