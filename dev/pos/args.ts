// The POS simulator's command line: scenario, options and environment defaults (pure).
export const POS_SCENARIOS = [
  "sale",
  "member-sale",
  "multi-line",
  "update",
  "cancel",
  "return-cancel",
  "burst",
  "file",
] as const
export type PosScenario = (typeof POS_SCENARIOS)[number]

const BASES = ["sale", "member-sale", "multi-line"] as const
export type BaseScenario = (typeof BASES)[number]

export const DEFAULT_WEBHOOK_URL = "http://localhost:9000/hooks/smaregi/transactions"
export const DEFAULT_AGREEMENT_ID = "dev-agreement-secret"
export const DEFAULT_PLATFORM_WEBHOOK_URL = "http://localhost:9000/hooks/smaregi/platform"
export const DEFAULT_PLATFORM_API_URL = "http://127.0.0.1:9124"
export const DEFAULT_PLATFORM_CONTRACT_ID = "sb_dev"
export const DEFAULT_SECRET_HEADER = "X-Smaregi-Webhook-Secret"

/** Where `--api platform` puts the sales and how the fake Platform API signs its webhook. */
export type PlatformOptions = {
  /** Base URL of the fake Platform API (dev/fake-smaregi-platform), which holds the sales and sends the webhook. */
  apiUrl: string
  contractId: string
  secret: string | null
  secretHeader: string
}

export type PosOptions = {
  scenario: PosScenario
  /** The store's webhook: the v2 push route, or the Platform webhook route with `platform`. */
  url: string
  agreementId: string
  agreementIn: "body" | "query"
  id: string | null
  disposeId: string | null
  base: BaseScenario | null
  member: string | null
  customerId: string | null
  storeId: string | null
  skus: string[]
  count: number
  concurrency: number
  repeat: number
  file: string | null
  dry: boolean
  asciiEscape: boolean
  /** Present with `--api platform` only. */
  platform?: PlatformOptions
}

export type ParsedArgs =
  | { kind: "help" }
  | { kind: "run"; options: PosOptions }
  | { kind: "error"; message: string }

const VALUE_OPTIONS = new Set([
  "url",
  "agreement-id",
  "agreement-in",
  "id",
  "dispose-id",
  "base",
  "member",
  "customer-id",
  "store-id",
  "sku",
  "count",
  "concurrency",
  "repeat",
  "file",
  "api",
  "platform-url",
  "contract-id",
  "secret",
  "secret-header",
])
const FLAG_OPTIONS = new Set(["dry", "help", "ascii-escape"])
const PLATFORM_ONLY = ["platform-url", "contract-id", "secret", "secret-header"]
const V2_ONLY = ["agreement-id", "agreement-in", "ascii-escape"]

export function parseArgs(argv: string[], env: Record<string, string | undefined> = {}): ParsedArgs {
  const values = new Map<string, string[]>()
  const flags = new Set<string>()
  const positional: string[] = []

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === "-h") {
      flags.add("help")
      continue
    }
    if (!arg.startsWith("--")) {
      positional.push(arg)
      continue
    }
    const eq = arg.indexOf("=")
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq)
    if (FLAG_OPTIONS.has(name)) {
      if (eq !== -1) return { kind: "error", message: `--${name} takes no value` }
      flags.add(name)
      continue
    }
    if (!VALUE_OPTIONS.has(name)) {
      return { kind: "error", message: `unknown option --${name} (see --help)` }
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1)
    if (value === undefined || (eq === -1 && value.startsWith("--"))) {
      return { kind: "error", message: `--${name} needs a value` }
    }
    values.set(name, [...(values.get(name) ?? []), value])
  }

  if (flags.has("help")) return { kind: "help" }
  if (positional.length === 0) return { kind: "error", message: "missing scenario (see --help)" }
  if (positional.length > 1) return { kind: "error", message: `unexpected argument "${positional[1]}"` }
  const scenario = positional[0] as PosScenario
  if (!POS_SCENARIOS.includes(scenario)) {
    return { kind: "error", message: `unknown scenario "${positional[0]}"; one of: ${POS_SCENARIOS.join(", ")}` }
  }

  const last = (name: string): string | null => values.get(name)?.at(-1) ?? null
  const problems: string[] = []
  const digits = (name: string): string | null => {
    const value = last(name)
    if (value !== null && !/^\d+$/.test(value)) problems.push(`--${name} must be digits, got "${value}"`)
    return value
  }
  const positive = (name: string, fallback: number): number => {
    const value = last(name)
    if (value === null) return fallback
    if (!/^\d+$/.test(value) || Number(value) < 1) {
      problems.push(`--${name} must be a positive integer, got "${value}"`)
      return fallback
    }
    return Number(value)
  }

  const agreementIn = last("agreement-in") ?? "body"
  if (agreementIn !== "body" && agreementIn !== "query") {
    problems.push(`--agreement-in must be body or query, got "${agreementIn}"`)
  }
  const base = last("base")
  if (base !== null && !(BASES as readonly string[]).includes(base)) {
    problems.push(`--base must be one of ${BASES.join(", ")}, got "${base}"`)
  }
  const api = last("api") ?? "v2"
  if (api !== "v2" && api !== "platform") problems.push(`--api must be v2 or platform, got "${api}"`)
  const given = (name: string): boolean => values.has(name) || flags.has(name)
  const misplaced = (api === "platform" ? V2_ONLY : PLATFORM_ONLY).filter(given)
  if (misplaced.length > 0) {
    problems.push(`${misplaced.map((n) => `--${n}`).join(", ")} ${api === "platform" ? "is for the v2 push only" : "needs --api platform"}`)
  }
  const id = digits("id")
  const options: PosOptions = {
    scenario,
    url:
      api === "platform"
        ? last("url") ?? nonEmpty(env.SMAREGI_PLATFORM_WEBHOOK_URL) ?? DEFAULT_PLATFORM_WEBHOOK_URL
        : last("url") ?? nonEmpty(env.SMAREGI_WEBHOOK_URL) ?? DEFAULT_WEBHOOK_URL,
    agreementId: last("agreement-id") ?? nonEmpty(env.SMAREGI_AGREEMENT_ID) ?? DEFAULT_AGREEMENT_ID,
    agreementIn: agreementIn === "query" ? "query" : "body",
    id,
    disposeId: digits("dispose-id"),
    base: base as BaseScenario | null,
    member: last("member"),
    customerId: digits("customer-id"),
    storeId: digits("store-id"),
    skus: values.get("sku") ?? [],
    count: positive("count", 10),
    concurrency: positive("concurrency", scenario === "burst" ? 5 : 1),
    repeat: positive("repeat", 1),
    file: last("file"),
    dry: flags.has("dry"),
    asciiEscape: flags.has("ascii-escape"),
  }
  if (api === "platform") {
    options.platform = {
      apiUrl: last("platform-url") ?? nonEmpty(env.SMAREGI_PLATFORM_API_URL) ?? DEFAULT_PLATFORM_API_URL,
      contractId: last("contract-id") ?? nonEmpty(env.SMAREGI_CONTRACT_ID) ?? DEFAULT_PLATFORM_CONTRACT_ID,
      secret: last("secret") ?? nonEmpty(env.SMAREGI_WEBHOOK_SECRET),
      secretHeader: last("secret-header") ?? nonEmpty(env.SMAREGI_WEBHOOK_SECRET_HEADER) ?? DEFAULT_SECRET_HEADER,
    }
    if (!/^https?:$/.test(safeUrl(options.platform.apiUrl)?.protocol ?? "")) {
      problems.push(`--platform-url must be an http(s) URL, got "${options.platform.apiUrl}"`)
    }
  }
  if (!/^https?:$/.test(safeUrl(options.url)?.protocol ?? "")) {
    problems.push(`--url must be an http(s) URL, got "${options.url}"`)
  }
  if ((scenario === "update" || scenario === "cancel" || scenario === "return-cancel") && id === null) {
    problems.push(`${scenario} needs --id <transactionHeadId> of the sale to change`)
  }
  if (scenario === "file" && options.file === null) {
    problems.push("file needs --file <payload.json>")
  }
  if (problems.length > 0) return { kind: "error", message: problems.join("; ") }
  return { kind: "run", options }
}

function safeUrl(value: string): URL | null {
  try {
    return new URL(value)
  } catch {
    return null
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

function nonEmpty(value: string | undefined): string | null {
  return value !== undefined && value.trim() !== "" ? value : null
}
