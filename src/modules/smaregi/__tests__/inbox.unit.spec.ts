import { DEFAULT_WEBHOOK_MAX_BYTES, resolveWebhookMaxBytes, storable, storableText } from "../inbox"

describe("resolveWebhookMaxBytes", () => {
  it.each([
    ["nothing configured", [undefined, undefined], DEFAULT_WEBHOOK_MAX_BYTES],
    ["module option in bytes", [65536, "1mb"], 65536],
    ["env in bytes", [undefined, "4096"], 4096],
    ["env in kb", [undefined, "512kb"], 512 * 1024],
    ["env in MB, any case", [undefined, " 3MB "], 3 * 1024 * 1024],
    ["string option wins over env", ["10k", "1mb"], 10 * 1024],
    ["zero is ignored", [0, undefined], DEFAULT_WEBHOOK_MAX_BYTES],
    ["garbage option falls through to env", ["lots", "2048"], 2048],
    ["negative and fractional ignored", [-5, 1.5], DEFAULT_WEBHOOK_MAX_BYTES],
    ["unknown unit ignored", [undefined, "2gb"], DEFAULT_WEBHOOK_MAX_BYTES],
  ])("%s", (_name, candidates, expected) => {
    expect(resolveWebhookMaxBytes(...candidates)).toBe(expected)
  })
})

describe("storable", () => {
  it.each([
    ["plain text is untouched", "Tシャツ 😀", "Tシャツ 😀"],
    ["NUL", "a\u0000b", "a\ufffdb"],
    ["lone high surrogate", "x\ud83d", "x\ufffd"],
    ["lone low surrogate", "\ude00y", "\ufffdy"],
    ["reversed pair", "\ude00\ud83d", "\ufffd\ufffd"],
  ])("storableText: %s", (_name, input, expected) => {
    expect(storableText(input)).toBe(expected)
  })

  it("cleans keys and values at any depth and keeps other values", () => {
    const row = { "memo\u0000": "a\u0000", n: 1, ok: true, none: null, lines: [{ name: "\ud800" }] }
    expect(storable(row)).toEqual({ "memo\ufffd": "a\ufffd", n: 1, ok: true, none: null, lines: [{ name: "\ufffd" }] })
    expect(storableText(null)).toBeNull()
    expect(storableText(undefined)).toBeNull()
  })
})
