// The scenario's sales as pushes, and each push as a v2 transaction_send request (pure).
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
import type { BaseScenario, PosOptions } from "./args"

export const FORM_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=UTF-8"

export type PosRequest = {
  method: "POST"
  url: string
  headers: Record<string, string>
  body: string
  transactionHeadIds: string[]
}

/** One push: a list of transactions, or a params object taken verbatim from a file. */
export type Push = { transactions: SmaregiTransaction[] } | { params: string; transactionHeadIds: string[] }

export type BuildContext = { now: Date; fileJson?: unknown }

export type BuildResult = { ok: true; requests: PosRequest[] } | { ok: false; message: string }

/** Fresh ids are deciseconds since the epoch (wrapping below 2^31), so repeated runs don't collide. */
export function freshId(now: Date): string {
  return String(Math.floor(now.getTime() / 100) % 2_000_000_000)
}


export function buildRequests(options: PosOptions, ctx: BuildContext): BuildResult {
  let pushes: Push[]
  try {
    pushes = buildPushes(options, ctx)
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) }
  }
  const requests = pushes.map((push) => toRequest(push, options))
  return { ok: true, requests: requests.flatMap((r) => Array.from({ length: options.repeat }, () => r)) }
}

export function buildPushes(options: PosOptions, ctx: BuildContext): Push[] {
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}
