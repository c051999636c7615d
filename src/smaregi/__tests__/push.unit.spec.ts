import {
  burst,
  encodeForm,
  makeDetail,
  makeHead,
  makePushBody,
  makePushParams,
  memberSaleScenario,
  multiLineScenario,
  returnCancelPair,
  saleScenario,
} from "../__fixtures__/transactions"
import {
  fastRow,
  TRANSACTION_DETAIL_FIELDS,
  TRANSACTION_HEAD_FIELDS,
  transactionDetailSchema,
  transactionHeadSchema,
  headCount,
  locateJsonError,
  parseTransactionPush,
  smaregiAckBody,
  unescapeQuotesOnce,
  type ParsedPush,
  type PushParseError,
  type PushParseResult,
} from "../push"

function expectOk(result: PushParseResult): ParsedPush {
  if (!result.ok) {
    throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`)
  }
  return result.value
}

function expectError(result: PushParseResult): PushParseError {
  if (result.ok) {
    throw new Error("expected a parse error")
  }
  return result.error
}

const envelope = (data: unknown): string => JSON.stringify({ data })
const headTable = (rows: unknown[]) => ({ table_name: "TransactionHead", rows })
const detailTable = (rows: unknown[]) => ({ table_name: "TransactionDetail", rows })

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

describe("parseTransactionPush: malformed envelopes", () => {
  const head = makeHead({ transactionHeadId: "1052" })
  const detail = makeDetail({ transactionHeadId: "1052" })

  it.each<[string, Record<string, unknown> | string | undefined, Partial<PushParseError>]>([
    ["no body", undefined, { code: "missing_params" }],
    ["empty body", {}, { code: "missing_params" }],
    ["empty string body", "", { code: "missing_params" }],
    ["blank params", { params: "   " }, { code: "missing_params" }],
    ["null params", { params: null }, { code: "missing_params" }],
    ["only other fields", { proc_name: "transaction_send", agreementId: "x" }, { code: "missing_params" }],
    ["raw form without params", "proc_name=transaction_send&agreementId=x", { code: "missing_params" }],
    ["params is a number", { params: 5 }, { code: "invalid_envelope", message: "params must be a JSON object with a data array, got number" }],
    ["params JSON is an array", { params: "[]" }, { code: "invalid_envelope", message: "params must be a JSON object with a data array, got an array" }],
    ["params JSON is a string", { params: '"hello"' }, { code: "invalid_envelope", message: "params must be a JSON object with a data array, got a string" }],
    ["params JSON is null", { params: "null" }, { code: "invalid_envelope", message: "params must be a JSON object with a data array, got null" }],
    ["no data key", { params: '{"rows":[]}' }, { code: "invalid_envelope", message: "params.data must be an array of tables, got undefined", path: "params.data" }],
    ["data is an object", { params: '{"data":{"table_name":"TransactionHead"}}' }, { code: "invalid_envelope", message: "params.data must be an array of tables, got an object" }],
    ["a table is a string", { params: envelope(["TransactionHead"]) }, { code: "invalid_envelope", message: "params.data[0] must be an object with table_name and rows, got a string", path: "params.data[0]" }],
    ["a table without table_name", { params: envelope([{ rows: [head] }]) }, { code: "invalid_envelope", message: "params.data[0].table_name is missing", path: "params.data[0].table_name" }],
    ["head rows not an array", { params: envelope([{ table_name: "TransactionHead", rows: { 0: head } }]) }, { code: "invalid_envelope", message: "params.data[0].rows (TransactionHead) must be an array, got an object", path: "params.data[0].rows" }],
    ["detail rows not an array", { params: envelope([headTable([head]), { table_name: "TransactionDetail", rows: "x" }]) }, { code: "invalid_envelope", message: "params.data[1].rows (TransactionDetail) must be an array, got a string" }],
    ["empty data", { params: envelope([]) }, { code: "missing_head_table", message: "params.data has no TransactionHead table" }],
    ["only details", { params: envelope([detailTable([detail])]) }, { code: "missing_head_table" }],
    ["only an unknown table", { params: envelope([{ table_name: "Customer", rows: [{}] }]) }, { code: "missing_head_table" }],
    ["empty head rows", { params: envelope([headTable([]), detailTable([detail])]) }, { code: "empty_heads", message: "the TransactionHead table has no rows" }],
    ["head table without rows key", { params: envelope([{ table_name: "TransactionHead" }]) }, { code: "empty_heads" }],
  ])("%s", (_name, body, expected) => {
    expect(expectError(parseTransactionPush(body))).toMatchObject(expected)
  })

  it.each<[string, string, RegExp]>([
    ["truncated JSON", '{"data":[{"table_name":"TransactionHead","rows":[{"transactionHeadId":"1"}]}', /^params is not valid JSON: Expected ',' or '\]' after array element at position 76 \(line 1, column 77\)$/],
    ["unexpected token", '{"data":x}', /^params is not valid JSON: Unexpected token 'x' at position 8 \(line 1, column 9\) near "x}"$/],
    ["input ends early", '{"data":[', /^params is not valid JSON: Unexpected end of JSON input at position 9 \(line 1, column 10\)$/],
    ["single quotes", "{'data':[]}", /^params is not valid JSON: Expected property name or '}' at position 1 \(line 1, column 2\) near "'data':\[\]}"$/],
    ["trailing comma", '{"data":[],}', /^params is not valid JSON: Expected double-quoted property name at position 11 \(line 1, column 12\) near "}"$/],
    ["bad unicode escape", '{"data":[{"table_name":"\\u30"}]}', /^params is not valid JSON: Bad Unicode escape at position \d+/],
    ["PHP-style form residue", "data=%7B%7D", /^params is not valid JSON: Unexpected token 'd' at position 0 \(line 1, column 1\)/],
    ["second line", '{"data":[\n  {"table_name":"TransactionHead",\n   "rows":[}]}', /Unexpected token '}' at position 56 \(line 3, column 12\) near "}]}"$/],
  ])("invalid JSON: %s", (_name, params, message) => {
    const error = expectError(parseTransactionPush({ params }))
    expect(error.code).toBe("invalid_json")
    expect(error.path).toBe("params")
    expect(error.message).toMatch(message)
  })

  it("does not echo a huge params string in the JSON error", () => {
    const params = `{"data":[${'"x",'.repeat(5000)}oops]}`
    const error = expectError(parseTransactionPush({ params }))
    expect(error.code).toBe("invalid_json")
    expect(error.message.length).toBeLessThan(200)
    expect(error.message).toContain(`at position ${params.indexOf("oops")}`)
  })
})

describe("parseTransactionPush: params with backslash-escaped quotes", () => {
  const head = makeHead({ transactionHeadId: "1052", memo: "かご" })
  const detail = makeDetail({ transactionHeadId: "1052", productName: 'say "hi"' })
  const plain = envelope([headTable([head]), detailTable([detail])])
  const escapeOnce = (text: string): string => text.replace(/[\\"]/g, (ch) => `\\${ch}`)

  it.each<[string, string, "json" | "escaped_quotes"]>([
    ["plain JSON (holding an escaped quote in a value)", plain, "json"],
    ["escaped once", escapeOnce(plain), "escaped_quotes"],
    ["escaped once, non-ASCII as \\u escapes written by the sender", escapeOnce(plain.replace("かご", "\\u304b\\u3054")), "escaped_quotes"],
    ["escaped quotes only, \\u escapes left single", escapeOnce(plain).replace(/\\\\u/g, "\\u"), "escaped_quotes"],
  ])("%s", (_name, params, form) => {
    const push = expectOk(parseTransactionPush({ params }))

    expect(push.paramsForm).toBe(form)
    expect(push.transactions[0]!.head).toEqual(head)
    expect(push.transactions[0]!.details).toEqual([detail])
  })

  it("\\u escapes survive the unescaping untouched", () => {
    const escaped = escapeOnce(plain.replace("かご", "\\u304b\\u3054")).replace(/\\\\u/g, "\\u")
    expect(escaped).toContain("\\u304b")
    const push = expectOk(parseTransactionPush({ params: escaped }))
    expect(push.paramsForm).toBe("escaped_quotes")
    expect(push.transactions[0]!.head.memo).toBe("かご")
  })

  it.each<[string, string, string]>([
    ["quote", '{\\"a\\":1}', '{"a":1}'],
    ["escaped backslash before a quote", '{\\"a\\":\\"x\\\\\\"y\\"}', '{"a":"x\\"y"}'],
    ["doubled backslash", '\\\\n', "\\n"],
    ["unicode escape", "\\u3042", "\\u3042"],
    ["other escapes", "\\n\\t\\/", "\\n\\t\\/"],
  ])("unescapeQuotesOnce: %s", (_name, input, output) => {
    expect(unescapeQuotesOnce(input)).toBe(output)
  })

  it.each<[string, string, RegExp]>([
    [
      "escaped JSON that is broken anyway",
      '{\\"data\\":[x]}',
      /^params is not valid JSON: Expected property name or '}' at position 1 \(line 1, column 2\) near .*; with its backslash-escaped quotes unescaped once it is still not valid JSON: Unexpected token 'x' at position 9 \(line 1, column 10\) near "x]}"$/,
    ],
    ["escaped JSON cut short", escapeOnce(plain).slice(0, 40), /^params is not valid JSON: .*still not valid JSON: Unterminated string at position 35 /],
  ])("%s → the invalid_json error names both attempts", (_name, params, message) => {
    const error = expectError(parseTransactionPush({ params }))
    expect(error.code).toBe("invalid_json")
    expect(error.path).toBe("params")
    expect(error.message).toMatch(message)
  })

  it("invalid JSON without escaped quotes keeps the one-attempt message", () => {
    const error = expectError(parseTransactionPush({ params: '{"data":x}' }))
    expect(error.message).not.toContain("unescaped")
  })
})

describe("parseTransactionPush: invalid rows", () => {
  const ok = makeHead({ transactionHeadId: "1" })

  it.each<[string, unknown[], string]>([
    ["missing id", [{ ...ok, transactionHeadId: undefined }], "TransactionHead row 0: transactionHeadId is required"],
    ["null id", [ok, { ...ok, transactionHeadId: null }], "TransactionHead row 1: transactionHeadId is required"],
    ["empty id", [{ ...ok, transactionHeadId: "" }], "TransactionHead row 0: transactionHeadId is required"],
    ["letters in id", [{ ...ok, transactionHeadId: "T-1052" }], 'TransactionHead row 0: transactionHeadId must be digits, got "T-1052"'],
    ["negative id", [{ ...ok, transactionHeadId: -5 }], "TransactionHead row 0: transactionHeadId must be digits, got -5"],
    ["object in a known field", [{ ...ok, total: { value: 1 } }], "TransactionHead row 0: total must be a string, number or null, got an object"],
    ["boolean in a known field", [{ ...ok, customerId: true }], "TransactionHead row 0: customerId must be a string, number or null, got boolean"],
    ["several bad fields", [{ ...ok, transactionHeadId: null, total: [], memo: {} }], "TransactionHead row 0: transactionHeadId is required (and 2 more fields)"],
    ["row is a string", ["1052"], "TransactionHead row 0: must be an object, got a string"],
    ["row is null", [ok, null], "TransactionHead row 1: must be an object, got null"],
  ])("head: %s", (_name, rows, message) => {
    const error = expectError(parseTransactionPush({ params: envelope([headTable(rows)]) }))
    expect(error.code).toBe("invalid_head")
    expect(error.message).toBe(message)
  })

  const detail = makeDetail({ transactionHeadId: "1" })
  it.each<[string, unknown[], string]>([
    ["missing detail id", [{ ...detail, transactionDetailId: undefined }], "TransactionDetail row 0: transactionDetailId is required"],
    ["missing head id", [detail, { ...detail, transactionDetailId: "2", transactionHeadId: undefined }], "TransactionDetail row 1: transactionHeadId is required"],
    ["non-digit detail id", [{ ...detail, transactionDetailId: "1a" }], 'TransactionDetail row 0: transactionDetailId must be digits, got "1a"'],
    ["array quantity", [{ ...detail, quantity: ["2"] }], "TransactionDetail row 0: quantity must be a string, number or null, got an array"],
    ["row is a number", [7], "TransactionDetail row 0: must be an object, got number"],
  ])("detail: %s", (_name, rows, message) => {
    const error = expectError(parseTransactionPush({ params: envelope([headTable([ok]), detailTable(rows)]) }))
    expect(error.code).toBe("invalid_detail")
    expect(error.message).toBe(message)
  })

  it("names the orphan detail's transactionHeadId", () => {
    const params = envelope([
      headTable([ok]),
      detailTable([detail, makeDetail({ transactionHeadId: "999", transactionDetailId: "1" })]),
    ])
    expect(expectError(parseTransactionPush({ params }))).toEqual({
      code: "orphan_detail",
      message: "TransactionDetail row 1: transactionHeadId 999 has no TransactionHead in this push",
      path: "TransactionDetail[1].transactionHeadId",
    })
  })

  it.each<[string, unknown[], string]>([
    ["twice in a row", [ok, ok], "duplicate transactionHeadId 1 in TransactionHead rows 0 and 1"],
    ["number and string", [makeHead({ transactionHeadId: "2" }), ok, { ...ok, transactionHeadId: 1 }], "duplicate transactionHeadId 1 in TransactionHead rows 1 and 2"],
  ])("rejects a duplicate head (%s)", (_name, rows, message) => {
    const error = expectError(parseTransactionPush({ params: envelope([headTable(rows)]) }))
    expect(error).toMatchObject({ code: "duplicate_head", message })
  })

  it("rejects heads split over two head tables that repeat an id", () => {
    const params = envelope([headTable([ok]), headTable([ok])])
    expect(expectError(parseTransactionPush({ params })).code).toBe("duplicate_head")
  })

  it("rejects a duplicate detail line", () => {
    const params = envelope([headTable([ok]), detailTable([detail, { ...detail }])])
    expect(expectError(parseTransactionPush({ params }))).toMatchObject({
      code: "duplicate_detail",
      message: "duplicate transactionDetailId 1 of transactionHeadId 1 in TransactionDetail rows 0 and 1",
    })
  })
})

describe("locateJsonError", () => {
  it.each<[string, number]>([
    ['{"a":1}', 7],
    ['{"a":1} x', 8],
    ['{"a":', 5],
    ['{"a":tru}', 8],
    ['{"a":"b\nc"}', 7],
    ["[1,2,,3]", 5],
    ['{"a":-}', 5],
    ["", 0],
  ])("%j fails at %i", (text, position) => {
    expect(locateJsonError(text)).toBe(position)
  })
})

describe("smaregiAckBody", () => {
  it.each([0, 1, 3])("imitates Smaregi's own answer for %i heads", (n) => {
    expect(smaregiAckBody(n)).toEqual({ result: [{ TransactionHead: n }] })
    expect(JSON.stringify(smaregiAckBody(n))).toBe(`{"result":[{"TransactionHead":${n}}]}`)
  })
})

describe("parseTransactionPush: hostile nesting", () => {
  it("answers invalid_json for 100,000 unterminated brackets instead of overflowing the stack", () => {
    const result = parseTransactionPush({ params: "[".repeat(100_000) })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe("invalid_json")
  })
})

describe("fastRow — the schema's output without zod", () => {
  const head = { transactionHeadId: "1001", total: "1100", storeId: 1, customerCode: null, extra: { nested: true } }
  const detail = { transactionHeadId: 1001, transactionDetailId: " 2 ", quantity: 3, productCode: "A-1", note: ["kept"] }
  const shapes = {
    head: { schema: transactionHeadSchema, shape: { ids: ["transactionHeadId"], fields: TRANSACTION_HEAD_FIELDS } },
    detail: { schema: transactionDetailSchema, shape: { ids: ["transactionHeadId", "transactionDetailId"], fields: TRANSACTION_DETAIL_FIELDS } },
  } as const

  it.each([
    ["head", head],
    ["head", { transactionHeadId: 7 }],
    ["head", { ...head, total: 0, subtotal: -12.5, point: "" }],
    ["detail", detail],
    ["detail", { ...detail, transactionDetailId: "0003", unitDiscountedSum: 1e3 }],
  ] as const)("%s row %j: same output as the schema", (kind, row) => {
    const { schema, shape } = shapes[kind]
    expect(fastRow(row as Record<string, unknown>, shape)).toEqual(schema.parse(row))
  })

  it.each([
    ["head", { total: "1" }],
    ["head", { transactionHeadId: "12a" }],
    ["head", { transactionHeadId: "" }],
    ["head", { transactionHeadId: null }],
    ["head", { transactionHeadId: 1.5 }],
    ["head", { transactionHeadId: "1", total: true }],
    ["head", { transactionHeadId: "1", total: { value: 1 } }],
    ["head", { transactionHeadId: "1", total: Number.NaN }],
    ["detail", { transactionHeadId: "1" }],
    ["detail", { transactionHeadId: "1", transactionDetailId: "2", quantity: [1] }],
  ] as const)("%s row %j: refused, like the schema", (kind, row) => {
    const { schema, shape } = shapes[kind]
    expect(fastRow(row as Record<string, unknown>, shape)).toBeNull()
    expect(schema.safeParse(row).success).toBe(false)
  })
})
