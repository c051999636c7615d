// `npm test`: every suite (unit, module, HTTP integration) against a real PostgreSQL, then one plain
// line "N passed, N failed" with the totals. Usage: node scripts/test.mjs [unit|modules|http ...] [-- jest args]
import { spawn } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { resolveDatabase, testEnv } from "./db.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const ALL = ["unit", "modules", "http", "multi", "devstore"]
const argv = process.argv.slice(2)
const sep = argv.indexOf("--")
const picked = (sep === -1 ? argv : argv.slice(0, sep)).filter(Boolean)
const extra = sep === -1 ? [] : argv.slice(sep + 1)
const projects = picked.length ? picked : ALL
for (const p of projects) {
  if (!ALL.includes(p)) {
    console.error(`Unknown suite "${p}". Choose from: ${ALL.join(", ")}`)
    process.exit(2)
  }
}

function runJest(project, env) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "smaregi-jest-")), `${project}.json`)
  const args = [
    path.join(root, "node_modules", "jest", "bin", "jest.js"),
    "--selectProjects", project,
    "--json", "--outputFile", out, "--passWithNoTests",
    ...(project === "unit" ? [] : ["--runInBand", "--forceExit"]),
    ...extra,
  ]
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: "inherit" })
    child.on("exit", (code) => {
      let summary = { passed: 0, failed: 0, skipped: 0, suitesFailed: 0, ran: false }
      try {
        const r = JSON.parse(fs.readFileSync(out, "utf8"))
        const runtimeErrorSuites = r.testResults.filter((s) => s.status === "failed" && s.assertionResults.length === 0).length
        summary = {
          passed: r.numPassedTests,
          failed: r.numFailedTests + runtimeErrorSuites,
          skipped: r.numPendingTests + r.numTodoTests,
          suitesFailed: r.numFailedTestSuites,
          ran: true,
        }
      } catch {
        summary.failed = 1
      }
      resolve({ project, code, ...summary })
    })
  })
}

// The dev-store smoke test (issue: `npm run dev:store` works on a fresh machine) runs the real launcher on
// its own embedded PostgreSQL and free ports; each of its checks counts as one test.
function runDevStoreSmoke() {
  const script = path.join(root, "integration-tests", "dev-store", "dev-store.smoke.mjs")
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, "--require-order"], { cwd: root, env: process.env, stdio: ["ignore", "pipe", "inherit"] })
    let out = ""
    child.stdout.on("data", (chunk) => {
      out += chunk
      process.stdout.write(chunk)
    })
    child.on("exit", (code) => {
      const count = (status) => out.split("\n").filter((l) => l.startsWith(status)).length
      resolve({ project: "devstore", code, passed: count("PASS "), failed: count("FAIL "), skipped: count("PENDING "), ran: true })
    })
  })
}

const needsDb = projects.some((p) => p === "modules" || p === "http" || p === "multi")
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
  for (const project of projects) {
    if (interrupted) break
    console.log(`\n=== ${project} tests ===`)
    if (project === "devstore") {
      results.push(await runDevStoreSmoke())
      continue
    }
    const nodeOptions = [process.env.NODE_OPTIONS, "--experimental-vm-modules"].filter(Boolean).join(" ")
    results.push(await runJest(project, { NODE_ENV: "test", TEST_TYPE: project, NODE_OPTIONS: nodeOptions, ...(db ? testEnv(db) : {}) }))
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
  console.log(`  ${r.project.padEnd(8)} ${r.passed} ok / ${r.failed + broken} failing${r.skipped ? ` / ${r.skipped} skipped` : ""}`)
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`)
process.exit(failed > 0 ? 1 : 0)
