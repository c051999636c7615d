import type { AddressInfo } from "node:net"
import type { Server } from "node:http"

import express from "express"

import { makePushEnvelope } from "../../../src/smaregi/__fixtures__/push-bodies"
import { memberSaleScenario, saleScenario } from "../../../src/smaregi/__fixtures__/scenarios"
import { classify } from "../../../src/smaregi/classify"
import { smaregiAckBody } from "../../../src/smaregi/push-ack"
import { parseTransactionPush, type ParsedPush } from "../../../src/smaregi/push-parser"
import {
  buildRequests,
  DEFAULT_AGREEMENT_ID,
  DEFAULT_WEBHOOK_URL,
  exitCodeFor,
  formatDryRun,
  formatResult,
  freshId,
  parseArgs,
  sendAll,
  type PosOptions,
  type PosRequest,
  type PosResult,
} from "../scenarios"

const NOW = new Date("2026-05-10T05:03:22Z") // 14:03:22 JST

function options(argv: string[], env: Record<string, string> = {}): PosOptions {
  const parsed = parseArgs(argv, env)
  if (parsed.kind !== "run") throw new Error(`expected run, got ${JSON.stringify(parsed)}`)
  return parsed.options
}

function requests(argv: string[], fileJson?: unknown): PosRequest[] {
  const built = buildRequests(options(argv), { now: NOW, fileJson })
  if (!built.ok) throw new Error(built.message)
  return built.requests
}

/** Decodes a request the way the webhook sees it: form fields + query string. */
function decode(request: PosRequest): ParsedPush {
  const url = new URL(request.url)
  const body = Object.fromEntries(new URLSearchParams(request.body))
  const result = parseTransactionPush(body, Object.fromEntries(url.searchParams))
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

describe("parseArgs", () => {
  it("uses the documented defaults", () => {
    expect(options(["sale"])).toEqual({
      scenario: "sale",
      url: DEFAULT_WEBHOOK_URL,
      agreementId: DEFAULT_AGREEMENT_ID,
      agreementIn: "body",
      id: null,
      disposeId: null,
      base: null,
      member: null,
      customerId: null,
      storeId: null,
      skus: [],
      count: 10,
      concurrency: 1,
      repeat: 1,
      file: null,
      dry: false,
      asciiEscape: false,
    })
  })

  it("reads the URL and agreement id from the environment", () => {
    const env = { SMAREGI_WEBHOOK_URL: "http://127.0.0.1:9100/hooks/smaregi/transactions", SMAREGI_AGREEMENT_ID: "shop-7" }
    expect(options(["sale"], env)).toMatchObject({ url: env.SMAREGI_WEBHOOK_URL, agreementId: "shop-7" })
    expect(options(["sale", "--agreement-id", "cli-wins", "--url=http://localhost:1/x"], env)).toMatchObject({
      url: "http://localhost:1/x",
      agreementId: "cli-wins",
    })
  })

  it.each<[string, string[], Partial<PosOptions>]>([
    ["burst defaults", ["burst"], { scenario: "burst", count: 10, concurrency: 5 }],
    ["burst sizes", ["burst", "--count", "50", "--concurrency=8"], { count: 50, concurrency: 8 }],
    ["repeatable --sku", ["sale", "--sku", "TSHIRT-NAVY-M", "--sku=CAP-BLACK-F:2:2200"], { skus: ["TSHIRT-NAVY-M", "CAP-BLACK-F:2:2200"] }],
    ["member options", ["member-sale", "--member", "M0001", "--customer-id", "77"], { member: "M0001", customerId: "77" }],
    ["agreement in query", ["sale", "--agreement-in", "query"], { agreementIn: "query" }],
    ["update with id and base", ["update", "--id", "1052", "--base", "multi-line"], { scenario: "update", id: "1052", base: "multi-line" }],
    ["return-cancel dispose id", ["return-cancel", "--id", "10", "--dispose-id", "99"], { id: "10", disposeId: "99" }],
    ["flags", ["sale", "--dry", "--ascii-escape", "--repeat", "20"], { dry: true, asciiEscape: true, repeat: 20 }],
    ["scenario after options", ["--dry", "cancel", "--id", "5"], { scenario: "cancel", dry: true }],
    ["file", ["file", "--file", "payload.json"], { scenario: "file", file: "payload.json" }],
  ])("%s", (_name, argv, expected) => {
    expect(options(argv)).toMatchObject(expected)
  })

  it.each([["--help"], ["-h"], ["sale", "--help"], ["--help", "nonsense"]])("%j asks for help", (...argv) => {
    expect(parseArgs(argv)).toEqual({ kind: "help" })
  })

  it.each<[string[], string]>([
    [[], "missing scenario (see --help)"],
    [["refund"], 'unknown scenario "refund"; one of: sale, member-sale, multi-line, update, cancel, return-cancel, burst, file'],
    [["sale", "extra"], 'unexpected argument "extra"'],
    [["sale", "--verbose"], "unknown option --verbose (see --help)"],
    [["sale", "--url"], "--url needs a value"],
    [["sale", "--url", "--dry"], "--url needs a value"],
    [["sale", "--dry=yes"], "--dry takes no value"],
    [["update"], "update needs --id <transactionHeadId> of the sale to change"],
    [["cancel"], "cancel needs --id <transactionHeadId> of the sale to change"],
    [["return-cancel"], "return-cancel needs --id <transactionHeadId> of the sale to change"],
    [["file"], "file needs --file <payload.json>"],
    [["sale", "--id", "T-1"], '--id must be digits, got "T-1"'],
    [["burst", "--count", "0"], '--count must be a positive integer, got "0"'],
    [["burst", "--concurrency", "many"], '--concurrency must be a positive integer, got "many"'],
    [["sale", "--agreement-in", "header"], '--agreement-in must be body or query, got "header"'],
    [["update", "--id", "1", "--base", "burst"], '--base must be one of sale, member-sale, multi-line, got "burst"'],
    [["sale", "--url", "localhost:9000"], '--url must be an http(s) URL, got "localhost:9000"'],
    [["sale", "--url", "not a url"], '--url must be an http(s) URL, got "not a url"'],
    [["cancel", "--customer-id", "x"], '--customer-id must be digits, got "x"; cancel needs --id <transactionHeadId> of the sale to change'],
  ])("%j is refused: %s", (argv, message) => {
    expect(parseArgs(argv)).toEqual({ kind: "error", message })
  })
})

describe("buildRequests", () => {
  it("builds a Smaregi-shaped POST with the agreement id in the body", () => {
    const [request, ...rest] = requests(["sale", "--id", "1052"])
    expect(rest).toEqual([])
    expect(request).toMatchObject({
      method: "POST",
      url: DEFAULT_WEBHOOK_URL,
      headers: { "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8" },
      transactionHeadIds: ["1052"],
    })
    const fields = new URLSearchParams(request!.body)
    expect([...fields.keys()]).toEqual(["proc_name", "params", "agreementId"])
    expect(fields.get("proc_name")).toBe("transaction_send")
    expect(fields.get("agreementId")).toBe(DEFAULT_AGREEMENT_ID)
    expect(JSON.parse(fields.get("params")!)).toEqual(
      makePushEnvelope([saleScenario({ id: "1052", at: "2026-05-10 14:03:22" })])
    )
  })

  it("puts the agreement id in the query string on request", () => {
    const [request] = requests(["sale", "--agreement-in", "query", "--agreement-id", "a b&c", "--url", "http://localhost:9000/hooks/smaregi/transactions?x=1"])
    const url = new URL(request!.url)
    expect(url.searchParams.get("agreementId")).toBe("a b&c")
    expect(url.searchParams.get("x")).toBe("1")
    expect(new URLSearchParams(request!.body).has("agreementId")).toBe(false)
    expect(decode(request!).agreementId).toBe("a b&c")
  })

  it("uses a fresh time-based id by default", () => {
    const [request] = requests(["sale"])
    expect(request!.transactionHeadIds).toEqual([freshId(NOW)])
    expect(freshId(NOW)).toMatch(/^\d{1,10}$/)
    expect(Number(freshId(NOW))).toBeLessThan(2 ** 31)
    expect(freshId(new Date(NOW.getTime() + 100))).not.toBe(freshId(NOW))
  })

  it("escapes non-ASCII with --ascii-escape and the webhook still reads Japanese", () => {
    const [request] = requests(["multi-line", "--id", "3", "--ascii-escape"])
    const params = new URLSearchParams(request!.body).get("params")!
    expect(params).not.toMatch(/[^\x00-\x7f]/)
    expect(decode(request!).transactions[0]!.details.map((d) => d.productName)).toContain("パーカー")
  })

  it.each<[string, string[], Array<[string, string, "create" | "update" | "cancel" | string]>]>([
    ["sale", ["sale", "--id", "1"], [["1", "2026-05-10 14:03:22", "create"]]],
    ["member-sale", ["member-sale", "--id", "2"], [["2", "2026-05-10 14:03:22", "create"]]],
    ["multi-line", ["multi-line", "--id", "3"], [["3", "2026-05-10 14:03:22", "create"]]],
    ["update", ["update", "--id", "4"], [["4", "2026-05-10 14:03:22", "update"]]],
    ["cancel", ["cancel", "--id", "5"], [["5", "2026-05-10 14:03:22", "cancel"]]],
    [
      "return-cancel",
      ["return-cancel", "--id", "6"],
      [
        ["6", "2026-05-10 14:03:22", "return_cancel_original"],
        ["7", "2026-05-10 14:03:22", "dispose_record"],
      ],
    ],
  ])("%s: pushes the transaction the plugin should classify as intended", (_name, argv, expected) => {
    const known = { updDateTime: "2026-05-10 13:53:22", hasOrder: true, status: "imported" }
    const rows = requests(argv).map((request) => {
      const tx = decode(request).transactions[0]!
      const isChange = ["update", "cancel", "return-cancel"].includes(argv[0]!)
      const result = classify(tx, isChange ? known : null)
      return [tx.head.transactionHeadId, tx.head.updDateTime, result.action === "skip" ? result.reasonCode : result.action]
    })
    expect(rows).toEqual(expected)
  })

  it.each<[string, string[], string[]]>([
    ["sale with --sku and --member", ["sale", "--sku", "CAP-BLACK-F:2:2200", "--member", "M0001"], ["--sku", "CAP-BLACK-F:2:2200", "--member", "M0001"]],
    ["member-sale", ["member-sale"], ["--base", "member-sale"]],
    ["multi-line", ["multi-line"], ["--base", "multi-line"]],
  ])("update rebuilds the original %s", (_name, originalArgv, updateArgv) => {
    const [sale] = requests([...originalArgv, "--id", "8"])
    const [update] = requests(["update", "--id", "8", ...updateArgv])
    const before = decode(sale!).transactions[0]!
    const after = decode(update!).transactions[0]!
    const { memo: memoAfter, updDateTime: updAfter, transactionDateTime: _t1, terminalTranDateTime: _t2, sumDateTime: _t3, ...headAfter } = after.head
    const { memo: memoBefore, updDateTime: updBefore, transactionDateTime: _b1, terminalTranDateTime: _b2, sumDateTime: _b3, ...headBefore } = before.head
    expect(headAfter).toEqual(headBefore)
    expect(after.details.map((d) => [d.productCode, d.quantity, d.unitDiscountedSum])).toEqual(
      before.details.map((d) => [d.productCode, d.quantity, d.unitDiscountedSum])
    )
    expect([memoBefore, memoAfter]).toEqual([null, "備考を変更しました"])
    expect([updBefore, updAfter]).toEqual(["2026-05-10 14:03:22", "2026-05-10 14:03:22"])
  })

  it("uses --dispose-id for the dispose record", () => {
    const ids = requests(["return-cancel", "--id", "6", "--dispose-id", "600"]).map((r) => r.transactionHeadIds)
    expect(ids).toEqual([["6"], ["600"]])
  })

  it("member options flow into sale, member-sale and store id", () => {
    const [sale] = requests(["sale", "--member", "M0042", "--customer-id", "42", "--store-id", "3"])
    expect(decode(sale!).transactions[0]!.head).toMatchObject({ customerCode: "M0042", customerId: "42", storeId: "3" })
    const [member] = requests(["member-sale"])
    expect(decode(member!).transactions[0]!.head).toMatchObject({ customerCode: "M000000345", customerId: "345", spendPoint: "100" })
  })

  it("burst: --count distinct sales with consecutive ids, one per request", () => {
    const built = requests(["burst", "--count", "4", "--id", "9000"])
    expect(built.map((r) => r.transactionHeadIds)).toEqual([["9000"], ["9001"], ["9002"], ["9003"]])
    expect(new Set(built.map((r) => r.body)).size).toBe(4)
  })

  it("--repeat sends identical copies of every request", () => {
    const built = requests(["return-cancel", "--id", "6", "--repeat", "3"])
    expect(built.map((r) => r.transactionHeadIds[0])).toEqual(["6", "6", "6", "7", "7", "7"])
    expect(built[0]!.body).toBe(built[2]!.body)
  })

  it("file: an array of {head, details} becomes one multi-head push", () => {
    const txs = [saleScenario({ id: "11" }), memberSaleScenario({ id: "12" })]
    const [request] = requests(["file", "--file", "x.json"], JSON.parse(JSON.stringify(txs)))
    expect(request!.transactionHeadIds).toEqual(["11", "12"])
    expect(decode(request!).transactions.map((t) => t.details.length)).toEqual([1, 1])
  })

  it("file: a single {head} object without details is accepted", () => {
    const [request] = requests(["file", "--file", "x.json"], { head: { transactionHeadId: "13" } })
    expect(decode(request!).transactions).toEqual([{ head: { transactionHeadId: "13" }, details: [] }])
  })

  it("file: a params object is sent verbatim, even if the webhook will reject it", () => {
    const params = { data: [{ table_name: "TransactionDetail", rows: [{ transactionHeadId: "1", transactionDetailId: "1" }] }] }
    const [request] = requests(["file", "--file", "x.json"], params)
    expect(new URLSearchParams(request!.body).get("params")).toBe(JSON.stringify(params))
    expect(request!.transactionHeadIds).toEqual([])
  })

  it.each<[string, unknown, string]>([
    ["a string", "hello", 'the file must hold the params object {"data":[…]} or an array of {head, details}'],
    ["an object without data", { rows: [] }, 'the file must hold the params object {"data":[…]} or an array of {head, details}'],
    ["an array entry without head", [{ details: [] }], 'file entry 0 must be {"head": {…}, "details": [ … ]}'],
    ["details not an array", [{ head: {}, details: {} }], 'file entry 0 must be {"head": {…}, "details": [ … ]}'],
  ])("file: %s is refused", (_name, json, message) => {
    expect(buildRequests(options(["file", "--file", "x.json"]), { now: NOW, fileJson: json })).toEqual({ ok: false, message })
  })

  it("refuses a malformed --sku", () => {
    expect(buildRequests(options(["sale", "--sku", "CAP:zero"]), { now: NOW })).toEqual({
      ok: false,
      message: 'invalid sku "CAP:zero": expected CODE[:QTY[:PRICE]] with a positive integer QTY and PRICE',
    })
  })

  it("prints a dry run with method, URL, content type, ids and body", () => {
    const [request] = requests(["sale", "--id", "1052"])
    const text = formatDryRun(request!)
    expect(text.split("\n").slice(0, 4)).toEqual([
      `POST ${DEFAULT_WEBHOOK_URL}`,
      "Content-Type: application/x-www-form-urlencoded; charset=UTF-8",
      "# transactionHeadId: 1052",
      "",
    ])
    expect(text).toContain("proc_name=transaction_send&params=")
  })
})

describe("sendAll", () => {
  const fake = (id: string): PosRequest => ({ method: "POST", url: "http://localhost/x", headers: {}, body: id, transactionHeadIds: [id] })

  it.each([1, 3, 10])("keeps at most %i requests in flight and results in request order", async (concurrency) => {
    let inFlight = 0
    let peak = 0
    const reqs = Array.from({ length: 12 }, (_, i) => fake(String(i)))
    const results = await sendAll(
      reqs,
      async (r) => {
        inFlight++
        peak = Math.max(peak, inFlight)
        await new Promise((resolve) => setTimeout(resolve, (Number(r.body) % 3) * 2))
        inFlight--
        return { status: 200, body: r.body }
      },
      concurrency
    )
    expect(peak).toBe(Math.min(concurrency, 12))
    expect(results.map((r) => r.body)).toEqual(reqs.map((r) => r.body))
  })

  it("records transport errors and reports every result", async () => {
    const seen: string[] = []
    const results = await sendAll(
      [fake("1"), fake("2")],
      async (r) => {
        if (r.body === "2") throw Object.assign(new TypeError("fetch failed"), { cause: new Error("connect ECONNREFUSED 127.0.0.1:9000") })
        return { status: 200, body: "{}" }
      },
      1,
      (result) => seen.push(formatResult(result))
    )
    expect(seen).toEqual(["200 1 {}", "ERR 2 fetch failed: connect ECONNREFUSED 127.0.0.1:9000"])
    expect(exitCodeFor(results)).toBe(1)
  })

  it.each<[number[], number]>([
    [[200, 200], 0],
    [[200, 204], 0],
    [[200, 400], 1],
    [[500], 1],
    [[302], 1],
    [[], 0],
  ])("statuses %j exit %i", (statuses, code) => {
    const results: PosResult[] = statuses.map((status) => ({ request: fake("1"), status, body: "", error: null }))
    expect(exitCodeFor(results)).toBe(code)
  })

  it.each<[number, string, string]>([
    [200, '{"result":[{"TransactionHead":1}]}', '200 1 {"result":[{"TransactionHead":1}]}'],
    [400, "params is not valid JSON:\n Unexpected end", "400 1 params is not valid JSON: Unexpected end"],
    [500, "x".repeat(300), `500 1 ${"x".repeat(200)}…`],
    [204, "", "204 1"],
  ])("formats a %i line", (status, body, line) => {
    expect(formatResult({ request: fake("1"), status, body, error: null })).toBe(line)
  })
})

describe("against a local Express webhook (the body parser Medusa uses)", () => {
  let server: Server
  let url: string
  const received: Array<{ contentType: string | undefined; push: ParsedPush | string }> = []

  beforeAll(async () => {
    const app = express()
    app.use(express.urlencoded({ extended: true, limit: "5mb" }))
    app.post("/hooks/smaregi/transactions", (req, res) => {
      const result = parseTransactionPush(req.body as Record<string, unknown>, req.query as Record<string, unknown>)
      received.push({ contentType: req.headers["content-type"], push: result.ok ? result.value : result.error.code })
      if (!result.ok) {
        res.status(400).send(result.error.message)
        return
      }
      res.json(smaregiAckBody(result.value.transactions.length))
    })
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s))
    })
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/smaregi/transactions`
  })

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
  })

  beforeEach(() => {
    received.length = 0
  })

  const send = async (r: PosRequest) => {
    const response = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body })
    return { status: response.status, body: await response.text() }
  }

  it.each([["body"], ["query"]])("delivers a burst with the agreement id in the %s", async (where) => {
    const built = requests(["burst", "--count", "6", "--id", "700", "--url", url, "--agreement-in", where, "--agreement-id", "shop-001"])
    const results = await sendAll(built, send, 3)

    expect(results.map((r) => formatResult(r))).toEqual(
      ["700", "701", "702", "703", "704", "705"].map((id) => `200 ${id} {"result":[{"TransactionHead":1}]}`)
    )
    expect(exitCodeFor(results)).toBe(0)
    expect(received).toHaveLength(6)
    for (const r of received) {
      expect(r.contentType).toBe("application/x-www-form-urlencoded; charset=UTF-8")
      expect(typeof r.push === "string" ? r.push : r.push.agreementId).toBe("shop-001")
    }
  })

  it("round-trips Japanese text, escaped or not, through the real parser", async () => {
    for (const argv of [["multi-line"], ["multi-line", "--ascii-escape"]]) {
      const [request] = requests([...argv, "--id", "42", "--url", url])
      await sendAll([request!], send, 1)
    }
    const names = received.map((r) => (typeof r.push === "string" ? r.push : r.push.transactions[0]!.head.staffName))
    expect(names).toEqual(["山田 太郎", "山田 太郎"])
  })

  it("a rejected push exits non-zero and shows the webhook's message", async () => {
    const [request] = requests(["file", "--file", "x.json", "--url", url], { data: [] })
    const results = await sendAll([request!], send, 1)
    expect(formatResult(results[0]!)).toBe("400 - params.data has no TransactionHead table")
    expect(exitCodeFor(results)).toBe(1)
  })
})
