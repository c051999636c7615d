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

describe("trusted proxies (X-Forwarded-For)", () => {
  const PRIVATE = ["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"]
  it.each<[string, Record<string, unknown>, string[]]>([
    ["nothing stored: no proxy is trusted", {}, []],
    ["a list, trimmed", { trustedProxies: [" 10.0.0.5 ", "2001:db8::/32"] }, ["10.0.0.5", "2001:db8::/32"]],
    ["old settings with hops 0: none", { trustedProxyHops: 0 }, []],
    ["old settings with hops > 0 and no list: loopback and private ranges only", { trustedProxyHops: 2 }, PRIVATE],
    ["a list wins over old hops", { trustedProxyHops: 1, trustedProxies: ["192.0.2.1"] }, ["192.0.2.1"]],
    ["an emptied list wins over old hops", { trustedProxyHops: 1, trustedProxies: [] }, []],
  ])("%s", (_name, input, expected) => {
    const settings = parseSettings(input)
    expect(settings.trustedProxies).toEqual(expected)
    expect(settings).not.toHaveProperty("trustedProxyHops")
  })

  it.each([
    [{ trustedProxies: ["proxy.internal"] }, /trustedProxies.*IPv4\/IPv6 address or CIDR/s],
    [{ trustedProxyHops: 99 }, /trustedProxyHops/],
  ])("refuses %j naming the field", (input, message) => {
    expect(() => parseSettings(input)).toThrow(message)
  })
})
