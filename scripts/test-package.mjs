// `npm run test:package`: the package as a user gets it. Builds as publishing does (`npm run build`), packs it
// (`npm pack`) and installs the tarball into
//   - a brand-new Medusa store for the lowest and the newest Medusa 2.x the peer range admits (from npm):
//     README install steps, migrate, build, start, a connection through the admin API, a POS sale → paid order;
//   - a minimal Next.js 15 App Router app (React 19): the storefront entries from a server and a client page,
//     `next build` (type-check included), `next start`, the pages requested over HTTP.
// Needs the npm registry and a PostgreSQL (DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD, default localhost:5432
// user postgres); each store gets its own database, dropped afterwards. Usage:
//   node scripts/test-package.mjs [--only medusa|next] [--keep]
import { execFileSync } from "node:child_process"
import fs from "node:fs"
import https from "node:https"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { testMedusaStore } from "./package-test/medusa-store.mjs"
import { testNextApp } from "./package-test/next-app.mjs"
import { cleanEnv, freePort, run, startService, stopAllServices, stopService, until } from "./package-test/util.mjs"

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const NPM = process.platform === "win32" ? "npm.cmd" : "npm"
const args = process.argv.slice(2)
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : null
const keep = args.includes("--keep")
if (only && !["medusa", "next"].includes(only)) {
  console.error(`test:package: --only takes medusa or next, not ${JSON.stringify(only)}`)
  process.exit(2)
}

const startedAt = Date.now()
const seconds = (from = startedAt) => `${((Date.now() - from) / 1000).toFixed(0)} s`
const log = (message) => console.log(`[test:package ${seconds()}] ${message}`)

process.on("SIGINT", () => void stopAllServices().then(() => process.exit(130)))
process.on("SIGTERM", () => void stopAllServices().then(() => process.exit(143)))

function npmJson(argv) {
  return JSON.parse(execFileSync(NPM, argv, { cwd: os.tmpdir(), env: cleanEnv(), encoding: "utf8" }))
}

function compareVersions(a, b) {
  const pa = a.split(".").map(Number)
  const pb = b.split(".").map(Number)
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i]
  return 0
}

/** The lowest and the newest stable @medusajs/medusa release that a caret range `^2.x.y` admits. */
function medusaVersions(range) {
  const min = /^\^(2\.\d+\.\d+)$/.exec(range)?.[1]
  if (!min) throw new Error(`peerDependencies["@medusajs/medusa"] is ${JSON.stringify(range)}; this test reads a caret range ^2.x.y`)
  const admitted = npmJson(["view", "@medusajs/medusa", "versions", "--json"])
    .filter((v) => /^2\.\d+\.\d+$/.test(v) && compareVersions(v, min) >= 0)
    .sort(compareVersions)
  if (!admitted.length) throw new Error(`no @medusajs/medusa release on npm satisfies ${range}`)
  return [...new Set([admitted[0], admitted[admitted.length - 1]])]
}

/** Every import of the built storefront entries stays inside them or is React: nothing server- or admin-side. */
function checkStorefrontImports(dir) {
  const bad = []
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".js") || f.endsWith(".d.ts"))) {
    const text = fs.readFileSync(path.join(dir, file), "utf8")
    for (const [, spec] of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g)) {
      if (!/^\.\/[\w-]+\.js$/.test(spec) && !["react", "react/jsx-runtime"].includes(spec)) bad.push(`${file}: ${spec}`)
    }
  }
  if (bad.length) throw new Error(`the storefront entries import outside themselves:\n  ${bad.join("\n  ")}`)
}

const targets = []
function target(name) {
  const t = { name, steps: [], error: null, startedAt: Date.now(), seconds: 0 }
  t.step = (step, detail = "") => {
    t.steps.push({ step, detail })
    log(`${name}: ✓ ${step}${detail ? ` — ${detail}` : ""}`)
  }
  targets.push(t)
  return t
}

async function guarded(t, fn) {
  try {
    await fn()
  } catch (e) {
    t.error = e instanceof Error ? e.message : String(e)
    log(`${t.name}: ✗ ${t.error.split("\n")[0]}`)
  } finally {
    t.seconds = (Date.now() - t.startedAt) / 1000
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "smaregi-package-test-"))
let fake = null
let exitCode = 1
try {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"))
  const versions = only === "next" ? [] : medusaVersions(pkg.peerDependencies["@medusajs/medusa"])
  const newestMedusa = npmJson(["view", "@medusajs/js-sdk@latest", "version", "--json"])
  if (versions.length) log(`Medusa versions admitted by ${pkg.peerDependencies["@medusajs/medusa"]}: lowest ${versions[0]}, newest ${versions.at(-1)}${versions.length === 1 ? " (the same release: one store)" : ""}`)

  const pack = target("package")
  await guarded(pack, async () => {
    const buildLog = path.join(tmp, "build.log")
    await run(NPM, ["run", "build"], { cwd: ROOT, env: cleanEnv(), log: buildLog })
    pack.step("npm run build", "medusa plugin:build + storefront ESM/.d.ts")
    checkStorefrontImports(path.join(ROOT, ".medusa/storefront"))
    const [packed] = JSON.parse(execFileSync(NPM, ["pack", "--json", "--pack-destination", tmp], { cwd: ROOT, env: cleanEnv(), encoding: "utf8" }))
    const files = new Set(packed.files.map((f) => f.path))
    const required = [
      ".medusa/server/src/modules/smaregi/index.js",
      ".medusa/server/src/providers/store-payment/index.js",
      ".medusa/server/src/admin/index.mjs",
      ...["index", "react", "element"].flatMap((e) => [`.medusa/storefront/${e}.js`, `.medusa/storefront/${e}.d.ts`]),
      ".medusa/storefront/package.json",
    ]
    const missing = required.filter((f) => !files.has(f))
    if (missing.length) throw new Error(`the tarball lacks ${missing.join(", ")}`)
    const strays = [...files].filter((f) => /(^|\/)(__tests__|__fixtures__)\//.test(f) || f.startsWith("src/") || f.startsWith("integration-tests/"))
    if (strays.length) throw new Error(`the tarball carries test or source files: ${strays.slice(0, 5).join(", ")}`)
    pack.tarball = path.join(tmp, packed.filename)
    pack.step("npm pack", `${packed.filename}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(0)} kB`)
  })

  if (pack.tarball) {
    const jobs = []
    if (versions.length) {
      const fakePort = await freePort()
      // A production store calls Smaregi over https only: the fake gets a throw-away certificate the store trusts.
      const tls = { key: path.join(tmp, "fake-key.pem"), cert: path.join(tmp, "fake-cert.pem") }
      execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", tls.key, "-out", tls.cert, "-days", "2",
        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], { stdio: "ignore" })
      const fakeInfo = { url: `https://127.0.0.1:${fakePort}/access/`, contractId: "pkg-contract", accessToken: "pkg-token", caFile: tls.cert }
      fake = startService(process.execPath, ["-r", "@swc-node/register", "dev/fake-smaregi/cli.ts", "--port", String(fakePort), "--tls-key", tls.key, "--tls-cert", tls.cert], {
        cwd: ROOT,
        env: cleanEnv({ SMAREGI_CONTRACT_ID: fakeInfo.contractId, SMAREGI_ACCESS_TOKEN: fakeInfo.accessToken }),
        log: path.join(tmp, "fake-smaregi.log"),
      })
      const ca = fs.readFileSync(tls.cert)
      const fakeAnswers = () =>
        new Promise((resolve) => {
          https.get(`https://127.0.0.1:${fakePort}/__fake/stats`, { ca }, (res) => resolve(res.statusCode === 200)).on("error", () => resolve(false))
        })
      await until("fake Smaregi", fakeAnswers, { timeoutMs: 60_000, service: fake })
      for (const version of versions) {
        const t = target(`Medusa ${version}`)
        jobs.push(
          guarded(t, () =>
            testMedusaStore({ version, tarball: pack.tarball, dir: path.join(tmp, `store-${version}`), fake: fakeInfo, root: ROOT, step: t.step })
          )
        )
      }
    }
    if (only !== "medusa") {
      const t = target("Next.js 15 storefront")
      jobs.push(
        guarded(t, () =>
          testNextApp({ tarball: pack.tarball, dir: path.join(tmp, "next-app"), versions: { next: "^15", react: "^19", jsSdk: newestMedusa }, step: t.step })
        )
      )
    }
    await Promise.all(jobs)
  }

  console.log("\nPackage install test")
  for (const t of targets) {
    console.log(`  ${t.error ? "FAIL" : "PASS"}  ${t.name}  (${t.seconds.toFixed(0)} s)`)
    for (const s of t.steps) console.log(`          ✓ ${s.step}${s.detail ? ` — ${s.detail}` : ""}`)
    if (t.error) console.log(`          ✗ ${t.error.split("\n").join("\n            ")}`)
  }
  const failed = targets.filter((t) => t.error).length
  console.log(`\nwall time ${seconds()}; work folder ${tmp}${keep || failed ? " (kept)" : " (removed)"}`)
  console.log(`${targets.length - failed} passed, ${failed} failed`)
  exitCode = failed ? 1 : 0
} catch (e) {
  console.error(`test:package: ${e instanceof Error ? e.message : String(e)}`)
} finally {
  await stopService(fake)
  if (exitCode === 0 && !keep) fs.rmSync(tmp, { recursive: true, force: true })
}
process.exit(exitCode)
