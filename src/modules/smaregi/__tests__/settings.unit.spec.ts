import { parseSettings } from "../settings"

describe("notification settings", () => {
  it.each([
    ["nothing stored", undefined, { enabled: false, to: [], transactionTemplate: null, memberTemplate: null }],
    [
      "a connection saved before template ids existed",
      { enabled: true, to: ["ops@example.jp"] },
      { enabled: true, to: ["ops@example.jp"], transactionTemplate: null, memberTemplate: null },
    ],
    [
      "template ids, trimmed",
      { enabled: true, to: ["ops@example.jp"], transactionTemplate: " d-0123abcd ", memberTemplate: "smaregi-member" },
      { enabled: true, to: ["ops@example.jp"], transactionTemplate: "d-0123abcd", memberTemplate: "smaregi-member" },
    ],
    [
      "an emptied field means no template",
      { enabled: false, to: [], transactionTemplate: "", memberTemplate: "   " },
      { enabled: false, to: [], transactionTemplate: null, memberTemplate: null },
    ],
  ])("errorMail: %s", (_name, errorMail, expected) => {
    expect(parseSettings(errorMail === undefined ? {} : { errorMail }).errorMail).toEqual(expected)
  })

  it.each([
    [{ transactionTemplate: "two words" }, "template id must not contain spaces"],
    [{ memberTemplate: "x".repeat(201) }, "template id is at most 200 characters"],
    [{ memberTemplate: 12 }, "memberTemplate"],
  ])("refuses errorMail %j", (extra, message) => {
    expect(() => parseSettings({ errorMail: { enabled: false, to: [], ...extra } })).toThrow(message)
  })

  it("sends failures to the admin feed unless switched off", () => {
    expect(parseSettings({}).errorFeed).toBe(true)
    expect(parseSettings({ errorFeed: false }).errorFeed).toBe(false)
  })
})
