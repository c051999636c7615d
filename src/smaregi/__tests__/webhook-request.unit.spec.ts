import { encodeForm, makePushBody } from "../__fixtures__/push-bodies"
import { saleScenario } from "../__fixtures__/scenarios"
import { parseTransactionPush } from "../push-parser"
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

/** Every string the body holds once decoded the way the webhook decodes it (form pairs, JSON, JSON inside a field). */
function decodedStrings(text: string): string[] {
  const expand = (value: string): string[] => {
    if (!/^\s*[[{]/.test(value)) return [value]
    try {
      return [value, ...collect(JSON.parse(value))]
    } catch {
      return [value]
    }
  }
  const collect = (value: unknown): string[] => {
    if (typeof value === "string") return expand(value)
    if (Array.isArray(value)) return value.flatMap(collect)
    if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => [k, ...collect(v)])
    return []
  }
  if (/^\s*[[{]/.test(text)) return expand(text)
  return [...new URLSearchParams(text)].flatMap(([k, v]) => [k, ...expand(v)])
}

const percentAll = (text: string) => [...Buffer.from(text)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join("")
const uEscapeAll = (text: string) => [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")

describe("redactBody: the secret is gone from the parsed fields however it was encoded", () => {
  const envelope = bodyFields(formWithoutSecret).params as string
  it.each<[string, string]>([
    ["percent-encoded name", `agreement%49d=${SECRET}&params=${encodeURIComponent(envelope)}`],
    ["percent-encoded value", `agreementId=${percentAll(SECRET)}&params=${encodeURIComponent(envelope)}`],
    ["percent-encoded name and value", `${percentAll("agreementId")}=${percentAll(SECRET)}&params=${encodeURIComponent(envelope)}`],
    ["snake_case name, value with + and %", `agreement%5Fid=${percentAll(SECRET)}&params=${encodeURIComponent(envelope)}`],
    ["\\u-escaped JSON name and value", `{"${uEscapeAll("agreementId")}":"${uEscapeAll(SECRET)}","params":${JSON.stringify(envelope)}}`],
    ["\\u-escaped JSON value", `{"agreementId" : "${uEscapeAll(SECRET)}", "params":${JSON.stringify(envelope)}}`],
    ["JSON value in an array", `{"agreementId":["${uEscapeAll(SECRET)}"],"params":${JSON.stringify(envelope)}}`],
    [
      "secret \\u-escaped inside the params JSON of a form field",
      `agreementId=${SECRET}&params=${encodeURIComponent(envelope.replace(/^\{/, `{"note":"${uEscapeAll(SECRET)}",`))}`,
    ],
    ["malformed JSON body", `{"${uEscapeAll("agreementId")}":"${uEscapeAll(SECRET)}","params":{"data":[`],
  ])("%s", (name, text) => {
    const secret = pushParameters(text, {}).agreementId
    // Each body authenticates (the webhook would store it), except the one that does not parse.
    expect(secret).toBe(name.startsWith("malformed") ? null : SECRET)
    const redacted = redactBody(text, secret)
    for (const form of [SECRET, percentAll(SECRET), uEscapeAll(SECRET)]) expect(redacted).not.toContain(form)
    expect(decodedStrings(redacted).filter((s) => s.includes(SECRET))).toEqual([])
    // The push itself still reads the same.
    expect(parseTransactionPush(redacted).ok).toBe(parseTransactionPush(text).ok)
    if (parseTransactionPush(text).ok) {
      expect(JSON.stringify((parseTransactionPush(redacted) as any).value.transactions)).toBe(JSON.stringify((parseTransactionPush(text) as any).value.transactions))
    }
  })

  it("redacts a secret-like field even when no connection knows the secret", () => {
    const text = `{"Agreement-ID":12345678,"agreementId":{"v":"x"},"keep":"y"}`
    expect(redactBody(text, null)).toBe(`{"Agreement-ID":"***","agreementId":{"v":"***"},"keep":"y"}`)
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
