import crypto from "node:crypto"
import type { MedusaContainer } from "@medusajs/framework/types"
import { medusaIntegrationTestRunner as medusaRunner } from "@medusajs/test-utils"
import { Client } from "pg"
import { seedDemoStore } from "../../dev/seed/demo-store"

type RunnerOptions = Parameters<typeof medusaRunner>[0]
type SuiteOptions = Parameters<RunnerOptions["testSuite"]>[0]

export type HttpSuiteOptions = RunnerOptions & {
  /** Seed the demo store once before the first test, so every test starts from it without seeding again. */
  seedDemoStore?: boolean
}

function adminClient(): Client {
  return new Client({
    host: process.env.DB_HOST ?? "localhost",
    port: Number(process.env.DB_PORT ?? 5432),
    user: process.env.DB_USERNAME ?? "postgres",
    password: process.env.DB_PASSWORD || undefined,
    database: "postgres",
  })
}

// `npm test` migrates one template database per schema (scripts/golden-db.mjs); cloning it saves each spec
// file its own migration run. Without it (a spec run directly with jest) the runner migrates as usual.
async function cloneGoldenDatabase(dbName: string): Promise<boolean> {
  const golden = process.env.SMAREGI_TEST_GOLDEN_DB
  if (!golden) return false
  const client = adminClient()
  await client.connect()
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`create database "${dbName}" template "${golden}"`)
        return true
      } catch (error) {
        // Another worker is copying the same template at this instant.
        if (attempt < 20 && /being accessed by other users/.test(String((error as Error).message))) {
          await new Promise((r) => setTimeout(r, 100 + attempt * 50))
          continue
        }
        throw error
      }
    }
  } finally {
    await client.end()
  }
}

// The clone carries every module migration of this schema (the template's fingerprint says so): the runner's
// own pass would only load each module to find nothing to do. Links are still planned and synced as usual.
async function skipNextModuleMigrations(): Promise<void> {
  const { MedusaAppLoader } = await import("@medusajs/framework")
  const original = MedusaAppLoader.prototype.runModulesMigrations
  MedusaAppLoader.prototype.runModulesMigrations = async function () {
    MedusaAppLoader.prototype.runModulesMigrations = original
  }
}

/**
 * Medusa's integration runner with this project's faster setup: the database comes from the migrated
 * template, and the demo store can be seeded once into the per-test restore template.
 */
export function medusaIntegrationTestRunner({ seedDemoStore: seed, testSuite, hooks, ...options }: HttpSuiteOptions) {
  const dbName = options.dbName ?? `smaregi-${crypto.randomBytes(6).toString("hex")}-${process.env.JEST_WORKER_ID ?? "1"}`
  return medusaRunner({
    ...options,
    dbName,
    hooks: {
      ...hooks,
      beforeServerStart: async (container: MedusaContainer) => {
        if (await cloneGoldenDatabase(dbName)) await skipNextModuleMigrations()
        await hooks?.beforeServerStart?.(container)
      },
    },
    testSuite: (suiteOptions: SuiteOptions) => {
      if (seed) beforeAll(async () => void (await seedDemoStore(suiteOptions.getContainer())))
      testSuite(suiteOptions)
    },
  })
}
