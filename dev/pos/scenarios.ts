/**
 * POS simulator core: argument parsing and request building (pure), plus a small sender pool with an
 * injectable transport. `cli.ts` wires it to Node's fetch.
 */
import { encodeForm, escapeNonAscii, makePushBody } from "../../src/smaregi/__fixtures__/push-bodies"
import {
  burst,
  cancelScenario,
  memberSaleScenario,
  multiLineScenario,
  returnCancelPair,
  saleScenario,
  updateScenario,
  type ScenarioOptions,
} from "../../src/smaregi/__fixtures__/scenarios"
import { jstNow, shiftDateTime } from "../../src/smaregi/__fixtures__/times"
import type { SmaregiTransaction } from "../../src/smaregi/transaction-schema"

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
export const FORM_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=UTF-8"

export type PosOptions = {
  scenario: PosScenario
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
}

export type ParsedArgs =
  | { kind: "help" }
  | { kind: "run"; options: PosOptions }
  | { kind: "error"; message: string }

export const USAGE = `Usage: npm run pos -- <scenario> [options]

Pushes Smaregi transaction_send requests to the plugin's webhook exactly as the register's
API送信 does (POST, form-urlencoded, proc_name + params JSON + the merchant's agreementId).

Scenarios:
  sale                 a walk-in sale (TSHIRT-NAVY-M × 2, or --sku lines)
  member-sale          a member sale spending 100 points (--member / --customer-id)
  multi-line           colour × size lines, unit/subtotal/coupon/point discounts, an 8 % line
  update --id X        sale X edited on the register (newer updDateTime, changed memo)
  cancel --id X        sale X canceled (取消)
  return-cancel --id X sale X return-canceled: pushes the original (disposeDivision 1) and
                       the dispose record (disposeDivision 2, id --dispose-id or X+1)
  burst                --count distinct sales, --concurrency at a time
  file --file F        F holds the params object {"data":[…]} or an array of {head, details}

Options:
  --url URL            webhook (default $SMAREGI_WEBHOOK_URL or ${DEFAULT_WEBHOOK_URL})
  --agreement-id ID    merchant parameter (default $SMAREGI_AGREEMENT_ID or ${DEFAULT_AGREEMENT_ID})
  --agreement-in W     body (default) or query
  --id N               transactionHeadId (default: a fresh time-based id; first id for burst)
  --dispose-id N       id of the dispose record for return-cancel
  --base S             the scenario sale X was pushed with, rebuilt by update/cancel/
                       return-cancel: sale (default), member-sale or multi-line; pass the
                       same --sku/--member/--customer-id/--store-id options as for the original
  --member CODE        customerCode of the member
  --customer-id N      customerId of the member
  --store-id N         Smaregi storeId (default 1)
  --sku CODE[:QTY[:PRICE]]  a line; repeatable (e.g. --sku TSHIRT-NAVY-M:2:5500)
  --count N            number of sales for burst (default 10)
  --concurrency C      requests in flight at once (default 5 for burst, else 1)
  --repeat N           send every request N times (redelivery / idempotency tests)
  --ascii-escape       write non-ASCII as \\uXXXX inside params, as Smaregi may
  --file F             payload file for the file scenario
  --dry                print the requests instead of sending them
  --help               this text

Prints one line per request: status, transactionHeadId(s), response body (truncated).
Exits 1 if any request failed or got a non-2xx answer.`

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
])
const FLAG_OPTIONS = new Set(["dry", "help", "ascii-escape"])

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
  const id = digits("id")
  const options: PosOptions = {
    scenario,
    url: last("url") ?? nonEmpty(env.SMAREGI_WEBHOOK_URL) ?? DEFAULT_WEBHOOK_URL,
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

// ---------------------------------------------------------------------------------------------

export type PosRequest = {
  method: "POST"
  url: string
  headers: Record<string, string>
  body: string
  transactionHeadIds: string[]
}

/** One push: a list of transactions, or a params object taken verbatim from a file. */
type Push = { transactions: SmaregiTransaction[] } | { params: string; transactionHeadIds: string[] }

export type BuildResult = { ok: true; requests: PosRequest[] } | { ok: false; message: string }

/** Fresh ids are deciseconds since the epoch (wrapping below 2^31), so repeated runs don't collide. */
export function freshId(now: Date): string {
  return String(Math.floor(now.getTime() / 100) % 2_000_000_000)
}

export function buildRequests(options: PosOptions, ctx: { now: Date; fileJson?: unknown }): BuildResult {
  let pushes: Push[]
  try {
    pushes = buildPushes(options, ctx)
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) }
  }
  const requests = pushes.map((push) => toRequest(push, options))
  return { ok: true, requests: requests.flatMap((r) => Array.from({ length: options.repeat }, () => r)) }
}

function buildPushes(options: PosOptions, ctx: { now: Date; fileJson?: unknown }): Push[] {
  const now = jstNow(ctx.now)
  const id = options.id ?? freshId(ctx.now)
  const common: ScenarioOptions = {
    id,
    at: now,
    ...(options.storeId !== null ? { storeId: options.storeId } : {}),
    ...(options.member !== null ? { customerCode: options.member } : {}),
    ...(options.customerId !== null ? { customerId: options.customerId } : {}),
    ...(options.skus.length > 0 ? { skus: options.skus } : {}),
  }
  const rebuild = (): SmaregiTransaction =>
    // The original is rebuilt from the same options, stamped 10 minutes ago so the change happens "now".
    scenarioFor(options.base ?? "sale", { ...common, at: shiftDateTime(now, -10) })

  switch (options.scenario) {
    case "sale":
    case "member-sale":
    case "multi-line":
      return [{ transactions: [scenarioFor(options.scenario, common)] }]
    case "update":
      return [{ transactions: [updateScenario(rebuild(), { minutes: 10 })] }]
    case "cancel":
      return [{ transactions: [cancelScenario(rebuild(), { minutes: 10 })] }]
    case "return-cancel": {
      const [original, dispose] = returnCancelPair(rebuild(), {
        minutes: 10,
        ...(options.disposeId !== null ? { disposeId: options.disposeId } : {}),
      })
      return [{ transactions: [original] }, { transactions: [dispose] }]
    }
    case "burst":
      return burst(options.count, {
        startId: id,
        at: now,
        ...(options.skus.length > 0 ? { skus: options.skus } : {}),
      }).map((tx) => ({ transactions: [tx] }))
    case "file":
      return [pushFromFile(ctx.fileJson)]
  }
}

function scenarioFor(name: BaseScenario, opts: ScenarioOptions): SmaregiTransaction {
  switch (name) {
    case "sale":
      return saleScenario(opts)
    case "member-sale":
      return memberSaleScenario(opts)
    case "multi-line":
      return multiLineScenario(opts)
  }
}

function pushFromFile(json: unknown): Push {
  if (json === undefined) {
    throw new Error("the file scenario needs the parsed --file contents")
  }
  const list = Array.isArray(json) ? json : isRecord(json) && "head" in json ? [json] : null
  if (list) {
    list.forEach((item, i) => {
      if (!isRecord(item) || !isRecord(item.head) || (item.details !== undefined && !Array.isArray(item.details))) {
        throw new Error(`file entry ${i} must be {"head": {…}, "details": [ … ]}`)
      }
    })
    const transactions = list.map((item) => ({
      head: item.head,
      details: item.details ?? [],
    })) as SmaregiTransaction[]
    return { transactions }
  }
  if (isRecord(json) && "data" in json) {
    return { params: JSON.stringify(json), transactionHeadIds: headIdsOf(json) }
  }
  throw new Error('the file must hold the params object {"data":[…]} or an array of {head, details}')
}

function headIdsOf(params: Record<string, unknown>): string[] {
  const data = Array.isArray(params.data) ? params.data : []
  return data
    .filter((t): t is Record<string, unknown> => isRecord(t) && String(t.table_name).toLowerCase() === "transactionhead")
    .flatMap((t) => (Array.isArray(t.rows) ? t.rows : []))
    .map((row) => (isRecord(row) ? String(row.transactionHeadId ?? "?") : "?"))
}

function toRequest(push: Push, options: PosOptions): PosRequest {
  const agreementId = options.agreementIn === "body" ? options.agreementId : undefined
  let fields: Record<string, string>
  let ids: string[]
  if ("transactions" in push) {
    fields = makePushBody(push.transactions, { asciiEscape: options.asciiEscape, agreementId })
    ids = push.transactions.map((tx) => String(tx.head.transactionHeadId))
  } else {
    fields = {
      proc_name: "transaction_send",
      params: options.asciiEscape ? escapeNonAscii(push.params) : push.params,
      ...(agreementId !== undefined ? { agreementId } : {}),
    }
    ids = push.transactionHeadIds
  }
  const url = new URL(options.url)
  if (options.agreementIn === "query") {
    url.searchParams.set("agreementId", options.agreementId)
  }
  return {
    method: "POST",
    url: url.toString(),
    headers: { "Content-Type": FORM_CONTENT_TYPE },
    body: encodeForm(fields),
    transactionHeadIds: ids,
  }
}

// ---------------------------------------------------------------------------------------------

export type PosResponse = { status: number; body: string }
export type PosResult = { request: PosRequest; status: number | null; body: string; error: string | null }
export type Sender = (request: PosRequest) => Promise<PosResponse>

/** Sends with at most `concurrency` requests in flight; results keep the request order. */
export async function sendAll(
  requests: PosRequest[],
  send: Sender,
  concurrency: number,
  onResult?: (result: PosResult) => void
): Promise<PosResult[]> {
  const results: PosResult[] = new Array(requests.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < requests.length) {
      const index = next++
      const request = requests[index]!
      let result: PosResult
      try {
        const response = await send(request)
        result = { request, status: response.status, body: response.body, error: null }
      } catch (e) {
        result = { request, status: null, body: "", error: describeError(e) }
      }
      results[index] = result
      onResult?.(result)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, requests.length)) }, worker))
  return results
}

export function isSuccess(result: PosResult): boolean {
  return result.status !== null && result.status >= 200 && result.status < 300
}

export function exitCodeFor(results: PosResult[]): number {
  return results.every(isSuccess) ? 0 : 1
}

export function formatResult(result: PosResult, opts: { maxBody?: number } = {}): string {
  const maxBody = opts.maxBody ?? 200
  const ids = result.request.transactionHeadIds.join(",") || "-"
  if (result.status === null) {
    return `ERR ${ids} ${result.error ?? "request failed"}`
  }
  const body = result.body.replace(/\s+/g, " ").trim()
  const shown = body.length > maxBody ? `${body.slice(0, maxBody)}…` : body
  return `${result.status} ${ids} ${shown}`.trimEnd()
}

export function formatDryRun(request: PosRequest): string {
  const headers = Object.entries(request.headers).map(([k, v]) => `${k}: ${v}`)
  return [
    `${request.method} ${request.url}`,
    ...headers,
    `# transactionHeadId: ${request.transactionHeadIds.join(",")}`,
    "",
    request.body,
    "",
  ].join("\n")
}

export function summarise(results: PosResult[]): string {
  const ok = results.filter(isSuccess).length
  return `${ok}/${results.length} succeeded`
}

function describeError(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: unknown }).cause
    return cause instanceof Error ? `${e.message}: ${cause.message}` : e.message
  }
  return String(e)
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
