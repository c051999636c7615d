import en from "../../i18n/en"
import ja from "../../i18n/ja"
import { translatorFrom } from "../i18n"
import { errorsUnder, parseFieldErrors } from "../field-errors"
import { fieldLabel } from "../field-labels"

describe("parseFieldErrors", () => {
  it.each([
    [
      "one settings field",
      "settings.allowedSources.0: must be an IPv4/IPv6 address or CIDR range (e.g. 203.0.113.0/24)",
      { "settings.allowedSources.0": "must be an IPv4/IPv6 address or CIDR range (e.g. 203.0.113.0/24)" },
    ],
    [
      "several fields joined by the module",
      "settings.errorMail.to: at least one address is required when error mail is on; settings.memberCode.prefix: prefix must be printable ASCII without spaces",
      {
        "settings.errorMail.to": "at least one address is required when error mail is on",
        "settings.memberCode.prefix": "prefix must be printable ASCII without spaces",
      },
    ],
    ["service names camelCase secrets", "agreementSecret: must be at least 8 characters", { agreement_secret: "must be at least 8 characters" }],
    [
      "Medusa's validator prefix and quoted field",
      "Invalid request: Value for field 'agreement_secret' must be at least 8 characters",
      { agreement_secret: "Value for field 'agreement_secret' must be at least 8 characters" },
    ],
    ["a message naming no field", "Smaregi connection smcon_1 was not found", { _: "Smaregi connection smcon_1 was not found" }],
    [
      "a message with a colon in the text",
      "settings.apiUrl: must be an http(s) URL: got ftp://x",
      { "settings.apiUrl": "must be an http(s) URL: got ftp://x" },
    ],
  ])("%s", (_name, message, expected) => {
    expect(parseFieldErrors(message)).toEqual(expected)
  })
})

describe("errorsUnder", () => {
  const errors = {
    "settings.fieldMapping.2.target": 'must be "metadata.<key>" or "email"',
    "settings.fieldMapping": "too many entries",
    "settings.fieldMappingX": "other",
    name: "is required",
  }
  it.each([
    ["settings.fieldMapping", ["2.target: must be \"metadata.<key>\" or \"email\"", "too many entries"]],
    ["settings.fieldMapping.2", ['target: must be "metadata.<key>" or "email"']],
    ["name", ["is required"]],
    ["settings.rankMapping", []],
  ])("collects messages under %s", (path, expected) => {
    expect(errorsUnder(errors, path)).toEqual(expected)
  })
})

describe("fieldLabel", () => {
  it.each([
    ["settings.allowedSources.0", "Allowed sources, row 1"],
    ["settings.fieldMapping.2.target", "Order field mapping, row 3 (target)"],
    ["settings.importTarget.storeIds.1", "Only these Smaregi stores, row 2"],
    ["settings.errorMail.to", "Error e-mail recipients"],
    ["settings.memberCode.prefix", "Member code format (prefix)"],
    ["settings.storeLocations.12", "Store → stock location, store 12"],
    ["agreement_secret", "Agreement secret"],
    ["settings.somethingNew", "settings.somethingNew"],
  ])("%s → %s", (path, expected) => {
    expect(fieldLabel(translatorFrom(en, "en"), path)).toBe(expected)
  })

  it.each([
    ["settings.allowedSources.0", "接続元IPアドレス制限、1行目"],
    ["settings.storeLocations.12", "店舗ID → 在庫拠点マッピング、店舗 12"],
    ["settings.errorMail.to", "配信先メールアドレス"],
    ["settings.memberCode.prefix", "会員コード形式 (prefix)"],
  ])("in Japanese, %s → %s", (path, expected) => {
    expect(fieldLabel(translatorFrom(ja, "ja"), path)).toBe(expected)
  })
})
