import path from "node:path"
import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

// The failure-notice spec sets SMAREGI_TEST_NOTIFICATION_OUTBOX: e-mail goes to a raw-content provider stub
// writing to that file, and the admin feed has a provider. Otherwise e-mail is only logged and there is no feed.
function notificationProviders() {
  const outbox = process.env.SMAREGI_TEST_NOTIFICATION_OUTBOX
  if (!outbox) return [{ resolve: "@medusajs/medusa/notification-local", id: "local", options: { channels: ["email"] } }]
  return [
    // Absolute: Medusa reads any other "./path" as inside ./src.
    { resolve: path.join(process.cwd(), "integration-tests/providers/notification-outbox"), id: "outbox", options: { channels: ["email"], file: outbox } },
    { resolve: "@medusajs/medusa/notification-local", id: "feed", options: { channels: ["feed"] } },
  ]
}

// The dev/test store: the plugin repo run as an app, so its own modules and provider are listed here.
module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000,http://localhost:5173,http://127.0.0.1:5173",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000,http://localhost:5173",
      authCors: process.env.AUTH_CORS || "http://localhost:9000,http://localhost:8000,http://localhost:5173",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: {
    disable: process.env.MEDUSA_ADMIN_DISABLED === "true",
  },
  modules: [
    {
      resolve: "./src/modules/smaregi",
      options: {
        encryptionKey: process.env.SMAREGI_ENCRYPTION_KEY,
      },
    },
    { resolve: "./src/modules/points", options: { allowNegative: false } },
    {
      resolve: "@medusajs/medusa/payment",
      options: {
        providers: [{ resolve: "./src/providers/store-payment", id: "smaregi" }],
      },
    },
    {
      resolve: "@medusajs/medusa/notification",
      options: { providers: notificationProviders() },
    },
  ],
})
