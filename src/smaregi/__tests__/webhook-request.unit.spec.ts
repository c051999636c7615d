import { encodeForm, makePushBody, saleScenario } from "../__fixtures__/transactions"
import { parseTransactionPush } from "../push"
import { bodyFields, decodeBody, pushParameters, redactBody, redactQuery } from "../webhook-request"

const SECRET = "shop-001-secret"
const form = encodeForm(makePushBody([saleScenario()], { agreementId: SECRET }))
const formWithoutSecret = encodeForm(makePushBody([saleScenario()]))
const json = JSON.stringify(makePushBody([saleScenario()], { agreementId: SECRET }))

describe("decodeBody", () => {
  it.each([
    ["UTF-8 declared", Buffer.from("productName=Tシャツ", "utf8"), "application/x-www-form-urlencoded; charset=UTF-8", "productName=Tシャツ"],
    ["no charset: UTF-8", Buffer.from("名前", "utf8"), "application/json", "名前"],
    ["quoted charset", Buffer.from("名前", "utf8"), 'text/plain; charset="utf-8"', "名前"],
    ["Shift_JIS declared", Buffer.from([0x83, 0x65, 0x83, 0x58, 0x83, 0x67]), "text/plain; charset=Shift_JIS", "テスト"],
    ["unknown charset falls back to UTF-8", Buffer.from("abc", "utf8"), "text/plain; charset=x-klingon", "abc"],
    ["no content type", Buffer.from("a=b", "utf8"), undefined, "a=b"],
  ])("%s", (_name, buffer, contentType, expected) => {
    expect(decodeBody(buffer, contentType)).toBe(expected)
  })
})

describe("bodyFields / pushParameters", () => {
  it.each([
    ["form with agreementId", form, {}, { agreementId: SECRET, procName: "transaction_send" }],
    ["form without: query agreementId", formWithoutSecret, { agreementId: SECRET }, { agreementId: SECRET, procName: "transaction_send" }],
    ["body wins over query", form, { agreementId: "other-secret" }, { agreementId: SECRET, procName: "transaction_send" }],
    ["snake_case key", "agreement_id=abc12345&params=x", {}, { agreementId: "abc12345", procName: null }],
    ["JSON body", json, {}, { agreementId: SECRET, procName: "transaction_send" }],
    ["broken JSON: query only", '{"params": ', { agreementId: SECRET }, { agreementId: SECRET, procName: null }],
    ["empty body, query with repeated key", "", { agreementId: ["first-secret", "second"] }, { agreementId: "first-secret", procName: null }],
    ["blank value ignored", "agreementId=%20%20", { agreementId: SECRET }, { agreementId: SECRET, procName: null }],
    ["proc_name from query", "params=x", { proc_name: "transaction_send" }, { agreementId: null, procName: "transaction_send" }],
    ["nothing at all", "", undefined, { agreementId: null, procName: null }],
  ])("%s", (_name, text, query, expected) => {
    expect(pushParameters(text, query)).toEqual(expected)
  })

  it("agrees with parseTransactionPush about the agreementId", () => {
    for (const [text, query] of [
      [form, {}],
      [formWithoutSecret, { agreementId: SECRET }],
      [json, {}],
    ] as const) {
      const parsed = parseTransactionPush(text, query)
      expect(parsed.ok && parsed.value.agreementId).toBe(pushParameters(text, query).agreementId)
    }
  })

  it("keeps the first of repeated form keys and ignores JSON arrays", () => {
    expect(bodyFields("a=1&a=2&b=3")).toEqual({ a: "1", b: "3" })
    expect(bodyFields("[1,2]")).toEqual({ "[1,2]": "" })
    expect(bodyFields("  ")).toEqual({})
  })
})

describe("redactBody", () => {
  it.each([
    ["form body", form],
    ["JSON body", json],
    ["secret repeated in another field", `${form}&note=${encodeURIComponent(SECRET)}`],
    ["secret with characters that get encoded", encodeForm({ agreementId: "a b&c=d/é-secret", params: "{}" })],
  ])("%s: the secret is gone, the rest is kept", (_name, text) => {
    const secret = pushParameters(text, {}).agreementId
    const redacted = redactBody(text, secret)
    expect(redacted).not.toContain(secret!)
    expect(redacted).not.toContain(encodeURIComponent(secret!))
    expect(redacted).toMatch(/agreementId("\s*:\s*"|=)\*\*\*/)
    const fields = bodyFields(redacted)
    expect(fields.params).toEqual(bodyFields(text).params)
  })

  it("redacts the parameter even when no secret is known", () => {
    expect(redactBody("agreement_id=zzz&agreementId=yyy&params=%7B%7D", null)).toBe("agreement_id=***&agreementId=***&params=%7B%7D")
  })

  it("leaves a body without the secret unchanged", () => {
    expect(redactBody(formWithoutSecret, SECRET)).toBe(formWithoutSecret)
  })
})

describe("redactQuery", () => {
  it.each([
    ["agreementId", { agreementId: SECRET, shop: "1" }, { agreementId: "***", shop: "1" }],
    ["snake_case and arrays", { agreement_id: [SECRET, "x"] }, { agreement_id: "***" }],
    ["secret elsewhere", { note: `key ${SECRET}` }, { note: "key ***" }],
    ["nested objects", { a: { agreementId: "x", b: SECRET } }, { a: { agreementId: "***", b: "***" } }],
    ["empty", undefined, {}],
  ])("%s", (_name, query, expected) => {
    expect(redactQuery(query as Record<string, unknown> | undefined, SECRET)).toEqual(expected)
  })
})
