import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

// The test store of the multi-instance suite: the dev/test store of ../../medusa-config.ts on Medusa's Redis
// modules, run as several processes (MEDUSA_WORKER_MODE = server | worker) against one database and one Redis.
const redisUrl = process.env.REDIS_URL
if (!redisUrl) throw new Error("integration-tests/multi/medusa-config.ts needs REDIS_URL")
const workerMode = (process.env.MEDUSA_WORKER_MODE || "shared") as "shared" | "worker" | "server"

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl,
    workerMode,
    http: {
      storeCors: "http://localhost:8000",
      adminCors: "http://localhost:9000",
      authCors: "http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: { disable: true },
  modules: [
    { resolve: "./src/modules/smaregi", options: { encryptionKey: process.env.SMAREGI_ENCRYPTION_KEY } },
    { resolve: "./src/modules/points", options: { allowNegative: false } },
    {
      resolve: "@medusajs/medusa/payment",
      options: { providers: [{ resolve: "./src/providers/store-payment", id: "smaregi" }] },
    },
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [{ resolve: "@medusajs/medusa/notification-local", id: "local", options: { channels: ["email"] } }],
      },
    },
    {
      resolve: "@medusajs/medusa/event-bus-redis",
      options: {
        redisUrl,
        // Several events are handled at once per worker; a crashed worker's events come back as stalled jobs.
        workerOptions: { concurrency: Number(process.env.EVENT_BUS_CONCURRENCY || 10) },
      },
    },
    { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
    {
      resolve: "@medusajs/medusa/locking",
      options: {
        providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl } }],
      },
    },
    { resolve: "@medusajs/medusa/cache-redis", options: { redisUrl } },
  ],
})
