// `npm test`: every suite against a real PostgreSQL, then each suite's duration and one plain line
// "N passed, N failed" with the totals. Usage: node scripts/test.mjs [suite ...] [-- jest args]
// Suites: unit, modules, http, browser, multi, devstore (default: all; `quick` = unit + a few end-to-end cases).
import { spawn } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { resolveDatabase, testEnv } from "./db.mjs"
import { prepareGoldenDatabase } from "./golden-db.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const ALL = ["unit", "modules", "http", "browser", "multi", "devstore"]
// Run one after another; suites inside a stage run side by side (2 cores: one heavy suite per core at most).
// The test template database is migrated while the first stage runs. The multi-instance suite measures
// throughput and crash recovery of three Medusa processes: it runs alone.
const STAGES = [["unit", "modules"], ["http"], ["browser", "devstore"], ["multi"]]
// `npm run test:quick`: the inner loop — every unit test plus one end-to-end pass through each data path.
const QUICK_HTTP = ["integration-tests/http/sales-in.spec.ts", "integration-tests/http/members-sync.spec.ts", "integration-tests/http/webhook.spec.ts"]
const QUICK_FILTER = [
  "imports a member sale as one paid order",
  "becomes a Smaregi member with exactly one customer_upd",
  "stores a form-encoded push with agreementId in the body",
].join("|")

const argv = process.argv.slice(2)
const sep = argv.indexOf("--")
const picked = (sep === -1 ? argv : argv.slice(0, sep)).filter(Boolean)
const extra = sep === -1 ? [] : argv.slice(sep + 1)
const quick = picked.includes("quick")
const projects = quick ? ["unit", "http"] : picked.length ? picked : ALL
for (const p of projects) {
  if (!ALL.includes(p)) {
    console.error(`Unknown suite "${p}". Choose from: ${ALL.join(", ")}, quick`)
    process.exit(2)
  }
}
// Named HTTP spec files run on their own (project http-file); otherwise the grouped files run.
const namesSpecFiles = extra.some((a) => /integration-tests[\\/]http[\\/][^\\/]+\.spec\.[jt]s$/.test(a))
const jestProject = (project) => (project === "http" && (quick || namesSpecFiles) ? "http-file" : project)
const jestArgs = (project) => {
  if (!quick || project !== "http") return extra
  return [...QUICK_HTTP, "--testNamePattern", QUICK_FILTER, ...extra]
}
// Two workers for the HTTP groups (each boots its own Medusa on its own database), one per core: a third
// made the rate-limit and coalescing timings of the members suite flaky. The browser files share one admin
// build and each boots its own Medusa; the rest run in band.
const workers = { unit: ["--maxWorkers=2"], modules: ["--runInBand"], http: ["--maxWorkers=2"], browser: ["--maxWorkers=2"], multi: ["--runInBand"] }

function seconds(ms) {
  return `${(ms / 1000).toFixed(0)} s`
}

function runJest(project, env, { buffered }) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "smaregi-jest-")), `${project}.json`)
  const args = [
    path.join(root, "node_modules", "jest", "bin", "jest.js"),
    "--selectProjects", jestProject(project),
    "--json", "--outputFile", out, "--passWithNoTests",
    ...workers[project],
    ...(project === "unit" ? [] : ["--forceExit"]),
    ...jestArgs(project),
  ]
  return spawnSuite(project, process.execPath, args, env, buffered, (code, log) => {
    let summary = { passed: 0, failed: 0, skipped: 0, skippedWhy: [], failures: [] }
    try {
      const r = JSON.parse(fs.readFileSync(out, "utf8"))
      const runtimeErrorSuites = r.testResults.filter((s) => s.status === "failed" && s.assertionResults.length === 0).length
      const skippedWhy = new Set(
        r.testResults.flatMap((s) => s.assertionResults.filter((a) => a.status === "pending").map((a) => a.ancestorTitles.find((t) => /skipped/i.test(t))).filter(Boolean))
      )
      summary = {
        passed: r.numPassedTests,
        failed: r.numFailedTests + runtimeErrorSuites,
        skipped: r.numPendingTests + r.numTodoTests,
        skippedWhy: [...skippedWhy],
        failures: r.testResults.flatMap((s) => {
          const file = path.relative(root, s.name)
          const failedTests = s.assertionResults.filter((a) => a.status === "failed")
          if (s.status === "failed" && !failedTests.length) return [`${file}: ${firstLine(s.message)}`]
          return failedTests.map((a) => `${file} › ${a.fullName}: ${firstLine(a.failureMessages?.[0])}`)
        }),
      }
    } catch {
      summary.failed = 1
    }
    return summary
  })
}

// The dev-store smoke test (`npm run dev:store` works on a fresh machine) runs the real launcher on its own
// embedded PostgreSQL and free ports; each of its checks counts as one test.
function runDevStoreSmoke({ buffered }) {
  const script = path.join(root, "integration-tests", "dev-store", "dev-store.smoke.mjs")
  return spawnSuite("devstore", process.execPath, [script, "--require-order"], {}, buffered, (code, log) => {
    const count = (status) => log.split("\n").filter((l) => l.startsWith(status)).length
    const failures = log.split("\n").filter((l) => l.startsWith("FAIL ")).map((l) => l.slice(5).slice(0, 300))
    return { passed: count("PASS "), failed: count("FAIL "), skipped: count("PENDING "), skippedWhy: [], failures }
  })
}

// The first meaningful line of a Jest failure, so a CI log's tail names what broke.
function firstLine(message = "") {
  const line = String(message).replace(/\u001b\[[0-9;]*m/g, "").split("\n").map((l) => l.trim()).find(Boolean)
  return (line ?? "").slice(0, 300)
}

function spawnSuite(project, cmd, args, env, buffered, summarise) {
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] })
    let log = ""
    const take = (stream) => (chunk) => {
      log += chunk
      if (!buffered) stream.write(chunk)
    }
    child.stdout.on("data", take(process.stdout))
    child.stderr.on("data", take(process.stderr))
    child.on("exit", (code) => {
      if (buffered) {
        console.log(`\n=== ${project} tests (output) ===`)
        process.stdout.write(log)
      }
      resolve({ project, code, ms: Date.now() - started, ...summarise(code, log) })
    })
  })
}

const started = Date.now()
const needsDb = projects.some((p) => ["modules", "http", "browser", "multi"].includes(p))
const db = needsDb ? await resolveDatabase() : null
if (db) console.log(`Tests use ${db.source}`)

const results = []
let interrupted = false
const stopDb = async () => db && (await db.stop().catch(() => {}))
process.on("SIGINT", async () => {
  interrupted = true
  await stopDb()
  process.exit(130)
})
try {
  let golden = null
  const needsGolden = projects.some((p) => ["http", "browser", "multi"].includes(p))
  const preparing = needsGolden ? prepareGoldenDatabase(db, { root }) : null
  // Awaited below; a failure is reported there, not as an unhandled rejection while the first stage runs.
  preparing?.catch(() => {})
  for (const stage of STAGES) {
    const here = stage.filter((p) => projects.includes(p))
    if (!here.length || interrupted) continue
    if (preparing && !golden && here.some((p) => ["http", "browser", "multi"].includes(p))) golden = await preparing
    const buffered = here.length > 1
    console.log(`\n=== ${here.join(" + ")} tests ===`)
    const runs = here.map((project) => {
      if (project === "devstore") return runDevStoreSmoke({ buffered })
      const nodeOptions = [process.env.NODE_OPTIONS, "--experimental-vm-modules"].filter(Boolean).join(" ")
      return runJest(
        project,
        {
          NODE_ENV: "test",
          TEST_TYPE: project,
          NODE_OPTIONS: nodeOptions,
          ...(db ? testEnv(db) : {}),
          ...(golden ? { SMAREGI_TEST_GOLDEN_DB: golden } : {}),
        },
        { buffered }
      )
    })
    results.push(...(await Promise.all(runs)))
  }
} finally {
  await stopDb()
}

let passed = 0
let failed = 0
let skipped = 0
console.log("")
for (const r of results) {
  const broken = r.code !== 0 && r.failed === 0 ? 1 : 0
  passed += r.passed
  failed += r.failed + broken
  skipped += r.skipped
  console.log(
    `  ${r.project.padEnd(8)} ${seconds(r.ms).padStart(6)}  ${r.passed} ok / ${r.failed + broken} failing${r.skipped ? ` / ${r.skipped} skipped` : ""}`
  )
  for (const why of r.skippedWhy ?? []) console.log(`           ${why}`)
  for (const failure of r.failures ?? []) console.log(`    FAILED ${failure}`)
}
console.log(`  total    ${seconds(Date.now() - started).padStart(6)}`)
if (skipped) console.log(`${skipped} skipped (why: above)`)
// The last line stays exactly "N passed, N failed" for whatever reads it.
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed > 0 ? 1 : 0)
