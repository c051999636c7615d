import { apiUrlProblem, parseSettings } from "../settings"

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

describe("apiUrlProblem", () => {
  it.each([
    ["https://webapi.smaregi.jp/access/", "production", null],
    ["https://127.0.0.1:8443/access/", "production", null],
    ["http://localhost:4000/access/", "development", null],
    ["http://127.0.0.1:4000/access/", "test", null],
    ["http://[::1]:4000/access/", undefined, null],
    ["http://localhost:4000/access/", "production", /must be https in production/],
    ["http://127.0.0.1:4000/access/", "production", /must be https in production/],
    ["http://webapi.smaregi.jp/access/", "development", /must be https \(http only for localhost/],
    ["http://localhost.evil.example/access/", "development", /must be https \(http only/],
    ["http://127.0.0.2/access/", "test", /must be https \(http only/],
    ["ftp://localhost/access/", "test", /must be https/],
    ["not a url", "test", /must be an https URL/],
  ])("%s with NODE_ENV=%s", (url, nodeEnv, expected) => {
    const problem = apiUrlProblem(url, nodeEnv)
    if (expected === null) expect(problem).toBeNull()
    else expect(problem).toMatch(expected)
  })
})
