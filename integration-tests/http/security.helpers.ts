import fs from "node:fs"
import path from "node:path"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { type FakeSmaregi, startFakeSmaregi } from "../../dev/fake-smaregi/server"
import { SMAREGI_MODULE } from "../../src/modules/smaregi"
import type SmaregiModuleService from "../../src/modules/smaregi/service"
import type { ConnectionSettingsInput } from "../../src/smaregi/settings"
import { settleMemberSync } from "./members-helpers"

// Shared by the security-*.spec.ts files (NFR-4 / IN-2): the set-up, the secrets, every admin route, a log capture and leak checks.

export const SECRET = "agreement-SECRET-7f3a9c21"
export const TOKEN = "token-SECRET-d41d8cd98f00b204"
export const CONTRACT = "sec-contract-01"
export const WEBHOOK = "/hooks/smaregi/transactions"
export const FORM = { "content-type": "application/x-www-form-urlencoded; charset=UTF-8" }
export const ADMIN_ROOT = path.resolve(__dirname, "../../src/api/admin")
export const LOOPBACK = ["127.0.0.1", "::1"]
export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const

export type Method = (typeof METHODS)[number]
export type AdminRoute = { file: string; url: string; method: Method }
export type Reply = { status: number; data: any; headers: Record<string, unknown> }

/** Every admin route file and the methods it exports, so a new route is covered without touching this test. */
export function adminRoutes(): AdminRoute[] {
  const routes: AdminRoute[] = []
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (/^route\.[jt]s$/.test(entry.name)) {
        const source = fs.readFileSync(full, "utf8")
        const rel = path.relative(ADMIN_ROOT, path.dirname(full)).split(path.sep).join("/")
        const url = `/admin/${rel}`
        for (const m of source.matchAll(/export\s+(?:async\s+)?(?:function|const)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) {
          routes.push({ file: path.relative(ADMIN_ROOT, full), url, method: m[1] as Method })
        }
      }
    }
  }
  walk(ADMIN_ROOT)
  return routes.sort((a, b) => `${a.url} ${a.method}`.localeCompare(`${b.url} ${b.method}`))
}

export const ROUTES = adminRoutes()

/** Captures everything the app logs (through the container logger and straight to stdout/stderr). */
export function captureLogs(container: MedusaContainer) {
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER) as unknown as Record<string, unknown>
  const lines: string[] = []
  const text = (args: unknown[]) =>
    args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === "string" ? a : safeJson(a))).join(" ")
  const restore: Array<() => void> = []
  for (const name of ["log", "info", "warn", "error", "debug", "verbose", "http", "silly", "panic", "activity", "progress", "success", "failure"]) {
    const original = logger[name]
    if (typeof original !== "function") continue
    logger[name] = (...args: unknown[]) => {
      lines.push(`[${name}] ${text(args)}`)
      return (original as (...a: unknown[]) => unknown).apply(logger, args)
    }
    restore.push(() => (logger[name] = original))
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream)
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      lines.push(Buffer.isBuffer(chunk) ? chunk.toString("utf8") : String(chunk))
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest)
    }) as typeof stream.write
    restore.push(() => (stream.write = original as typeof stream.write))
  }
  return { lines, stop: () => restore.forEach((r) => r()) }
}

export function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

/** Every way a secret could be written out. */
export function leakForms(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString("base64"), JSON.stringify(secret).slice(1, -1)])]
}

export function leaks(haystack: string): string[] {
  return [SECRET, TOKEN].flatMap((s) => leakForms(s).filter((form) => haystack.includes(form)))
}

type Api = {
  request: (config: Record<string, unknown>) => Promise<Reply>
  post: (url: string, body: unknown, config: Record<string, unknown>) => Promise<Reply>
}

/** The module, a connection to the fake Smaregi with the secrets above, and raw requests that never throw on a status. */
export function securityClient(api: Api, getContainer: () => MedusaContainer, fake: () => FakeSmaregi) {
  const smaregi = (): SmaregiModuleService => getContainer().resolve(SMAREGI_MODULE)
  const connect = (settings: ConnectionSettingsInput = {}) =>
    smaregi().createConnection({
      name: "Security",
      agreementSecret: SECRET,
      accessToken: TOKEN,
      settings: { allowedSources: ["127.0.0.1", "::1"], apiUrl: fake().url, contractId: CONTRACT, ...settings },
    })
  const send = (method: Method, url: string, headers: Record<string, string> = {}, body?: unknown): Promise<Reply> =>
    api.request({ method, url, headers, data: body, validateStatus: () => true })
  const push = (body: string, opts: { query?: string; headers?: Record<string, string> } = {}): Promise<Reply> =>
    api.post(`${WEBHOOK}${opts.query ?? ""}`, body, { headers: { ...FORM, ...opts.headers }, validateStatus: () => true })
  return { smaregi, connect, send, push }
}

/**
 * A security file's set-up: one fake Smaregi holding the contract above (reset before each test), member syncs
 * settled after each, and the client above.
 */
export function securitySuite(api: Api, getContainer: () => MedusaContainer) {
  let fake: FakeSmaregi
  beforeAll(async () => {
    fake = await startFakeSmaregi({ port: 0, contracts: [{ contractId: CONTRACT, accessToken: TOKEN }] })
  })
  afterAll(async () => {
    await fake.stop()
  })
  beforeEach(() => fake.reset())
  afterEach(async () => {
    await settleMemberSync(getContainer())
  })
  return { fake: () => fake, ...securityClient(api, getContainer, () => fake) }
}
