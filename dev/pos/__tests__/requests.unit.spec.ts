import { makePushEnvelope } from "../../../src/smaregi/__fixtures__/push-bodies"
import { memberSaleScenario, saleScenario } from "../../../src/smaregi/__fixtures__/scenarios"
import { classify } from "../../../src/smaregi/classify"
import { DEFAULT_AGREEMENT_ID, DEFAULT_WEBHOOK_URL } from "../args"
import { buildRequests, freshId } from "../requests"
import { formatDryRun } from "../send"
import { decode, NOW, options, requests } from "./helpers"

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
