import { makeDetail, makeHead } from "../__fixtures__/rows"
import { parseTransactionPush, unescapeQuotesOnce, type PushParseError } from "../push-parser"
import { expectOk, expectError, envelope, headTable, detailTable } from "./push-parser.helpers"

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

describe("parseTransactionPush: hostile nesting", () => {
  it("answers invalid_json for 100,000 unterminated brackets instead of overflowing the stack", () => {
    const result = parseTransactionPush({ params: "[".repeat(100_000) })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe("invalid_json")
  })
})
