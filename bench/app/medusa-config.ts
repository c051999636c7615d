import path from "node:path"
import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "production", process.cwd())

// The bench-only host store. The plugin comes in through `plugins` like in a merchant's store; BENCH_PLUGIN_DIR
// is a package folder made by bench/lib/plugin-shim.ts whose `.medusa/server/src` points at the repository's `src`.
const pluginDir = process.env.BENCH_PLUGIN_DIR
if (!pluginDir) throw new Error("BENCH_PLUGIN_DIR is not set: run the bench with `npm run bench`")
const fromPlugin = (file: string) => path.join(pluginDir, ".medusa/server/src", file)

// Multi-process runs (the production layout) use Medusa's Redis modules under a prefix of their own per run,
// so they share nothing with other users of the same Redis; single-process runs use none.
const redisUrl = process.env.BENCH_REDIS_URL || undefined
const prefix = process.env.BENCH_REDIS_PREFIX || "medusa-plugin-smaregi-bench"
const eventConcurrency = Number(process.env.BENCH_EVENT_CONCURRENCY || 4)
const redisModules = redisUrl
  ? [
      {
        resolve: "@medusajs/medusa/event-bus-redis",
        options: {
          redisUrl,
          queueOptions: { prefix: `${prefix}-events` },
          workerOptions: { prefix: `${prefix}-events`, concurrency: eventConcurrency },
        },
      },
      {
        resolve: "@medusajs/medusa/workflow-engine-redis",
        options: { redis: { redisUrl, queueOptions: { prefix: `${prefix}-wf` }, workerOptions: { prefix: `${prefix}-wf` } } },
      },
      {
        resolve: "@medusajs/medusa/locking",
        options: {
          providers: [
            {
              id: "locking-redis",
              resolve: "@medusajs/medusa/locking-redis",
              is_default: true,
              options: { redisUrl, namespace: `${prefix}-lock:` },
            },
          ],
        },
      },
    ]
  : []

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl,
    workerMode: (process.env.MEDUSA_WORKER_MODE as "shared" | "worker" | "server" | undefined) ?? "shared",
    http: {
      storeCors: "http://localhost:8000",
      adminCors: "http://localhost:9000",
      authCors: "http://localhost:9000,http://localhost:8000",
      jwtSecret: process.env.JWT_SECRET || "bench-jwt-secret",
      cookieSecret: process.env.COOKIE_SECRET || "bench-cookie-secret",
    },
  },
  admin: { disable: true },
  plugins: [{ resolve: pluginDir, options: { encryptionKey: process.env.SMAREGI_ENCRYPTION_KEY, barcodeRateLimit: 1_000_000 } }],
  modules: [
    {
      resolve: "@medusajs/medusa/payment",
      options: { providers: [{ resolve: fromPlugin("providers/store-payment"), id: "smaregi" }] },
    },
    {
      resolve: "@medusajs/medusa/notification",
      options: { providers: [{ resolve: "@medusajs/medusa/notification-local", id: "local", options: { channels: ["email"] } }] },
    },
    ...redisModules,
  ],
})
