import { encodeForm, makePushBody, makePushParams } from "../__fixtures__/push-bodies"
import { makeDetail, makeHead } from "../__fixtures__/rows"
import {
  burst,
  memberSaleScenario,
  multiLineScenario,
  returnCancelPair,
  saleScenario,
} from "../__fixtures__/scenarios"
import { headCount } from "../push-ack"
import { parseTransactionPush } from "../push-parser"
import { expectOk, envelope, headTable, detailTable } from "./push-parser.helpers"

describe("parseTransactionPush: a real-shaped push", () => {
  it("reads the form body Express produces from a single-sale push", () => {
    const tx = memberSaleScenario({ id: "1052" })
    const body = makePushBody([tx], { agreementId: "shop-001" })

    const push = expectOk(parseTransactionPush(body))

    expect(push.procName).toBe("transaction_send")
    expect(push.agreementId).toBe("shop-001")
    expect(push.extraParams).toEqual({ agreementId: "shop-001" })
    expect(push.ignoredTables).toEqual([])
    expect(headCount(push)).toBe(1)
    expect(push.transactions[0]!.head).toEqual(tx.head)
    expect(push.transactions[0]!.details).toEqual(tx.details)
  })

  it("keeps unknown extra fields of heads and details", () => {
    const head = makeHead({ transactionHeadId: "7", giftReceiptValidDays: "30", tags: "vip" })
    const detail = makeDetail({ transactionHeadId: "7", bargainName: "夏のセール", applyBargainValue: "10" })

    const push = expectOk(parseTransactionPush({ params: envelope([headTable([head]), detailTable([detail])]) }))

    const tx = push.transactions[0]!
    expect(tx.head.giftReceiptValidDays).toBe("30")
    expect(tx.head.tags).toBe("vip")
    expect(tx.head.costTotal).toBe("0.00000")
    expect(tx.details[0]!.bargainName).toBe("夏のセール")
    expect(tx.details[0]!.applyBargainValue).toBe("10")
  })

  it.each(["hasOwnProperty", "constructor", "__proto__", "toString", "valueOf", "__defineGetter__"])(
    "drops a row key named like an object method (%s), keeps the rest",
    (key) => {
      const raw = (table: string, row: Record<string, unknown>) =>
        `{"table_name":"${table}","rows":[${JSON.stringify(row).replace(/^\{/, `{${JSON.stringify(key)}:{"polluted":"yes"},`)}]}`
      const params = `{"data":[${raw("TransactionHead", makeHead({ transactionHeadId: "7" }))},${raw(
        "TransactionDetail",
        makeDetail({ transactionHeadId: "7", productCode: "TS-1" })
      )}]}`
      const tx = expectOk(parseTransactionPush({ params })).transactions[0]!
      for (const row of [tx.head, tx.details[0]!] as Array<Record<string, unknown>>) {
        expect(Object.prototype.hasOwnProperty.call(row, key)).toBe(false)
        expect(typeof row.hasOwnProperty).toBe("function")
      }
      expect(tx.head.transactionHeadId).toBe("7")
      expect(tx.details[0]!.productCode).toBe("TS-1")
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    }
  )

  it.each([
    ["numbers", { transactionHeadId: 1052, total: 10900, taxRate: 10 }, { transactionHeadId: "1052", total: "10900", taxRate: "10" }],
    ["padded id", { transactionHeadId: " 1052 " }, { transactionHeadId: "1052" }],
    ["nulls kept", { transactionHeadId: "1", customerId: null, memo: null }, { transactionHeadId: "1", customerId: null, memo: null }],
    ["negative strings", { transactionHeadId: "1", total: "-10900" }, { transactionHeadId: "1", total: "-10900" }],
  ])("coerces lenient head values (%s)", (_name, row, expected) => {
    const push = expectOk(parseTransactionPush({ params: envelope([headTable([row])]) }))
    expect(push.transactions[0]!.head).toEqual(expected)
  })

  it("decodes \\uXXXX escapes in Japanese names", () => {
    const tx = multiLineScenario({ id: "2001" })
    const params = makePushParams([tx], { asciiEscape: true })
    expect(params).toContain('"T\\u30b7\\u30e3\\u30c4"') // Tシャツ
    expect(params).not.toMatch(/[^\x00-\x7f]/)

    const push = expectOk(parseTransactionPush({ proc_name: "transaction_send", params }))

    const names = push.transactions[0]!.details.map((d) => d.productName)
    expect(names).toEqual(["Tシャツ", "Tシャツ", "パーカー", "コーヒー豆 200g"])
    expect(push.transactions[0]!.details[3]!.reduceTaxName).toBe("軽減税率")
    expect(push.transactions[0]!.head.staffName).toBe("山田 太郎")
  })

  it("decodes a raw urlencoded body string (UTF-8, + for spaces)", () => {
    const tx = saleScenario({ id: "3001" })
    const raw = encodeForm(makePushBody([tx], { agreementId: "secret value" }))

    const push = expectOk(parseTransactionPush(raw))

    expect(push.agreementId).toBe("secret value")
    expect(push.transactions[0]!.head.staffName).toBe("山田 太郎")
    expect(push.transactions[0]!.details[0]!.color).toBe("ネイビー")
  })

  it.each([
    ["a JSON body holding the form fields", JSON.stringify({ proc_name: "transaction_send", params: makePushParams([saleScenario()]) })],
    ["a JSON body holding the bare envelope", makePushParams([saleScenario()])],
  ])("accepts %s", (_name, raw) => {
    const push = expectOk(parseTransactionPush(raw))
    expect(push.transactions.map((t) => t.head.transactionHeadId)).toEqual(["1052"])
  })

  it("accepts params that a proxy already decoded into an object", () => {
    const params = JSON.parse(makePushParams([saleScenario({ id: "44" })])) as Record<string, unknown>
    const push = expectOk(parseTransactionPush({ params }))
    expect(push.transactions[0]!.head.transactionHeadId).toBe("44")
  })

  it.each(["TransactionHead", "transactionhead", "TRANSACTIONHEAD", " TransactionHead "])(
    "matches the table name %j case-insensitively",
    (name) => {
      const params = JSON.stringify({
        data: [
          { table_name: name, rows: [makeHead({ transactionHeadId: "9" })] },
          { table_name: name.replace(/head/i, "Detail"), rows: [makeDetail({ transactionHeadId: "9" })] },
        ],
      })
      const push = expectOk(parseTransactionPush({ params }))
      expect(push.transactions[0]!.details).toHaveLength(1)
    }
  )

  it("handles a multi-head push, grouping details under their heads in head order", () => {
    const txs = burst(3, { startId: "700" })
    const shuffled = [txs[2]!.details[0]!, txs[0]!.details[0]!, txs[1]!.details[0]!]
    const params = envelope([headTable(txs.map((t) => t.head)), detailTable(shuffled)])

    const push = expectOk(parseTransactionPush({ params }))

    expect(push.transactions.map((t) => t.head.transactionHeadId)).toEqual(["700", "701", "702"])
    expect(push.transactions.map((t) => t.details.map((d) => d.transactionHeadId))).toEqual([["700"], ["701"], ["702"]])
    expect(headCount(push)).toBe(3)
  })

  it("sorts details by numeric transactionDetailId", () => {
    const ids = ["10", "2", "1", "03"]
    const details = ids.map((id) => makeDetail({ transactionHeadId: "5", transactionDetailId: id }))
    const params = envelope([headTable([makeHead({ transactionHeadId: "5" })]), detailTable(details)])

    const push = expectOk(parseTransactionPush({ params }))

    expect(push.transactions[0]!.details.map((d) => d.transactionDetailId)).toEqual(["1", "2", "03", "10"])
  })

  it("carries both heads of a return-cancel pair", () => {
    const [original, dispose] = returnCancelPair(memberSaleScenario({ id: "80" }))
    const push = expectOk(parseTransactionPush(makePushBody([original, dispose])))
    expect(push.transactions.map((t) => [t.head.transactionHeadId, t.head.disposeDivision, t.head.total])).toEqual([
      ["80", "1", "10900"],
      ["81", "2", "-10900"],
    ])
  })

  it("accepts a head without details and a push without a detail table", () => {
    const params = envelope([headTable([makeHead({ transactionHeadId: "12" })])])
    const push = expectOk(parseTransactionPush({ params }))
    expect(push.transactions).toEqual([{ head: expect.objectContaining({ transactionHeadId: "12" }), details: [] }])
  })

  it("records and ignores unknown tables", () => {
    const params = envelope([
      { table_name: "TransactionHead", rows: [makeHead({ transactionHeadId: "1" })] },
      { table_name: "TransactionDetail", rows: [makeDetail({ transactionHeadId: "1" })] },
      { table_name: "TransactionCoupon", rows: [{ couponId: "3" }] },
      { table_name: "Layaway", rows: "not even rows" },
    ])
    const push = expectOk(parseTransactionPush({ params }))
    expect(push.ignoredTables).toEqual(["TransactionCoupon", "Layaway"])
    expect(push.transactions).toHaveLength(1)
  })
})

describe("parseTransactionPush: merchant parameters", () => {
  const params = makePushParams([saleScenario()])

  it.each<[string, Record<string, unknown>, Record<string, unknown> | undefined, string | null]>([
    ["body", { params, agreementId: "body-id" }, undefined, "body-id"],
    ["query", { params }, { agreementId: "query-id" }, "query-id"],
    ["body before query", { params, agreementId: "body-id" }, { agreementId: "query-id" }, "body-id"],
    ["agreement_id spelling in body", { params, agreement_id: "snake" }, undefined, "snake"],
    ["agreement_id spelling in query", { params }, { agreement_id: "snake-q" }, "snake-q"],
    ["camelCase before snake_case", { params, agreement_id: "snake", agreementId: "camel" }, undefined, "camel"],
    ["empty body value falls back to query", { params, agreementId: "" }, { agreementId: "q" }, "q"],
    ["repeated query value (qs array)", { params }, { agreementId: ["first", "second"] }, "first"],
    ["surrounding spaces trimmed", { params, agreementId: "  shop-001 " }, undefined, "shop-001"],
    ["absent", { params }, {}, null],
  ])("reads agreementId from %s", (_name, body, query, expected) => {
    expect(expectOk(parseTransactionPush(body, query)).agreementId).toBe(expected)
  })

  it("collects every other string parameter, body winning over query", () => {
    const push = expectOk(
      parseTransactionPush(
        { params, proc_name: "transaction_send", agreementId: "a", shop: "body-shop", nested: { x: "1" } },
        { shop: "query-shop", token: "t", proc_name: "ignored", params: "ignored" }
      )
    )
    expect(push.extraParams).toEqual({ agreementId: "a", shop: "body-shop", token: "t" })
    expect(push.procName).toBe("transaction_send")
  })

  it.each<[string, Record<string, unknown>, Record<string, unknown> | undefined, string | null]>([
    ["body", { params, proc_name: "transaction_send" }, undefined, "transaction_send"],
    ["query", { params }, { proc_name: "transaction_send_v2" }, "transaction_send_v2"],
    ["absent", { params }, undefined, null],
  ])("records proc_name from %s", (_name, body, query, expected) => {
    expect(expectOk(parseTransactionPush(body, query)).procName).toBe(expected)
  })

  it("reads params from the query string when the body has none", () => {
    const push = expectOk(parseTransactionPush({}, { params }))
    expect(push.transactions).toHaveLength(1)
  })
})
