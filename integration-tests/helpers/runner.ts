import crypto from "node:crypto"
import fs from "node:fs"
import path from "node:path"
import type { MedusaContainer } from "@medusajs/framework/types"
import { medusaIntegrationTestRunner as medusaRunner } from "@medusajs/test-utils"
import { Client } from "pg"
import { seedDemoStore } from "../../dev/seed/demo-store"
import { withTableRestoreFor } from "./table-restore"

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

// Set while a group file loads its spec files: their runner calls then share the group's Medusa.
let loadingGroup: { suiteOptions: SuiteOptions; joined: boolean } | null = null

/**
 * Medusa's integration runner with this project's faster setup: the database comes from the migrated
 * template, and the demo store can be seeded once into the per-test restore template. Inside a group
 * (runHttpGroup) the spec's tests join the group's app instead of booting one of their own.
 */
export function medusaIntegrationTestRunner({ seedDemoStore: seed, testSuite, hooks, ...options }: HttpSuiteOptions) {
  if (loadingGroup) {
    loadingGroup.joined = true
    testSuite(loadingGroup.suiteOptions)
    return
  }
  const dbName = options.dbName ?? `smaregi-${crypto.randomBytes(6).toString("hex")}-${process.env.JEST_WORKER_ID ?? "1"}`
  return withTableRestoreFor(() =>
    medusaRunner({
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
  )
}

export type HttpGroup = {
  name: string
  /** Spec file names (in integration-tests/http) this group runs; null: every spec no other group claims. */
  match: RegExp | null
  seedDemoStore?: boolean
}

const HTTP_DIR = path.resolve(__dirname, "..", "http")

/** The spec files of a group, given every group (so the catch-all group gets exactly the unclaimed ones). */
export function specsOf(group: HttpGroup, groups: HttpGroup[]): string[] {
  const specs = fs.readdirSync(HTTP_DIR).filter((f) => f.endsWith(".spec.ts")).sort()
  for (const spec of specs) {
    const claims = groups.filter((g) => g.match?.test(spec)).map((g) => g.name)
    if (claims.length > 1) throw new Error(`${spec} is claimed by the HTTP groups ${claims.join(" and ")}: it would run twice`)
  }
  if (group.match) return specs.filter((f) => group.match!.test(f))
  return specs.filter((f) => !groups.some((g) => g.match?.test(f)))
}

/**
 * One Medusa boot for several spec files (a boot costs more CPU than most files' tests): each spec file
 * becomes a describe block of the group; Medusa's runner still restores the database before every test.
 */
export function runHttpGroup(group: HttpGroup, groups: HttpGroup[]): void {
  const specs = specsOf(group, groups)
  medusaIntegrationTestRunner({
    seedDemoStore: group.seedDemoStore,
    testSuite: (suiteOptions) => {
      for (const spec of specs) {
        describe(spec, () => {
          loadingGroup = { suiteOptions, joined: false }
          try {
            require(path.join(HTTP_DIR, spec))
            // A spec calling @medusajs/test-utils' runner directly would boot a second app in this process.
            if (!loadingGroup.joined) {
              throw new Error(`${spec} must call medusaIntegrationTestRunner from integration-tests/helpers/runner to run in a group`)
            }
          } finally {
            loadingGroup = null
          }
        })
      }
      // Spec files set their own timeouts while loading; the last would win for the whole group.
      jest.setTimeout(300_000)
    },
  })
}
