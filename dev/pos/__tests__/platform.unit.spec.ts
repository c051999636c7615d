import http from "node:http"
import type { AddressInfo } from "node:net"

import { startFakeSmaregiPlatform, WEBHOOK_USER_AGENT, type FakeSmaregiPlatform } from "../../fake-smaregi-platform/server"
import { memberSaleScenario, multiLineScenario } from "../../../src/smaregi/__fixtures__/scenarios"
import { normalisePlatformTransaction } from "../../../src/smaregi/platform/normalise"
import { parsePlatformWebhook } from "../../../src/smaregi/platform/webhook"
import {
  DEFAULT_PLATFORM_API_URL,
  DEFAULT_PLATFORM_CONTRACT_ID,
  DEFAULT_PLATFORM_WEBHOOK_URL,
  DEFAULT_SECRET_HEADER,
  parseArgs,
  type PlatformOptions,
  type PosOptions,
} from "../args"
import { buildPlatformDeliveries, formatPlatformDryRun, sendThroughFakePlatform, type PlatformDelivery } from "../platform"
import { toPlatformTransaction } from "../platform-transaction"
import { exitCodeFor, formatResult, sendAll } from "../send"
import { NOW, options } from "./helpers"

function platformOptions(argv: string[], env: Record<string, string> = {}): PosOptions & { platform: PlatformOptions } {
  const parsed = options(["--api", "platform", ...argv], env)
  if (!parsed.platform) throw new Error("expected platform options")
  return { ...parsed, platform: parsed.platform }
}

function deliveries(argv: string[], fileJson?: unknown): PlatformDelivery[] {
  let n = 0
  const built = buildPlatformDeliveries(platformOptions(argv), { now: NOW, fileJson, eventId: () => `event-${++n}` })
  if (!built.ok) throw new Error(built.message)
  return built.deliveries
}

describe("--api platform arguments", () => {
  it("defaults to the Platform webhook route, the fake on 9124 and no secret", () => {
    expect(options(["sale", "--api", "platform"])).toMatchObject({
      url: DEFAULT_PLATFORM_WEBHOOK_URL,
      platform: { apiUrl: DEFAULT_PLATFORM_API_URL, contractId: DEFAULT_PLATFORM_CONTRACT_ID, secret: null, secretHeader: DEFAULT_SECRET_HEADER },
    })
    expect(DEFAULT_PLATFORM_WEBHOOK_URL).toBe("http://localhost:9000/hooks/smaregi/platform")
    expect(DEFAULT_SECRET_HEADER).toBe("X-Smaregi-Webhook-Secret")
  })

  it("reads the environment, and flags win over it", () => {
    const env = {
      SMAREGI_PLATFORM_WEBHOOK_URL: "http://127.0.0.1:9100/hooks/smaregi/platform",
      SMAREGI_PLATFORM_API_URL: "http://127.0.0.1:9200",
      SMAREGI_CONTRACT_ID: "sb_shop",
      SMAREGI_WEBHOOK_SECRET: "env-secret",
      SMAREGI_WEBHOOK_SECRET_HEADER: "X-Shop-Secret",
      SMAREGI_WEBHOOK_URL: "http://127.0.0.1:9100/hooks/smaregi/transactions",
    }
    expect(platformOptions(["sale"], env)).toMatchObject({
      url: env.SMAREGI_PLATFORM_WEBHOOK_URL,
      platform: { apiUrl: "http://127.0.0.1:9200", contractId: "sb_shop", secret: "env-secret", secretHeader: "X-Shop-Secret" },
    })
    const argv = ["sale", "--url", "http://localhost:1/p", "--platform-url=http://localhost:2", "--contract-id", "sb_cli", "--secret", "s", "--secret-header", "X-S"]
    expect(platformOptions(argv, env)).toMatchObject({
      url: "http://localhost:1/p",
      platform: { apiUrl: "http://localhost:2", contractId: "sb_cli", secret: "s", secretHeader: "X-S" },
    })
  })

  it("leaves the v2 options without a platform part", () => {
    expect(options(["sale", "--api", "v2"])).not.toHaveProperty("platform")
  })

  it.each<[string[], string]>([
    [["sale", "--api", "graphql"], '--api must be v2 or platform, got "graphql"'],
    [["sale", "--secret", "s"], "--secret needs --api platform"],
    [["sale", "--platform-url", "http://x", "--contract-id", "c"], "--platform-url, --contract-id needs --api platform"],
    [["sale", "--api", "platform", "--agreement-id", "a", "--ascii-escape"], "--agreement-id, --ascii-escape is for the v2 push only"],
    [["sale", "--api", "platform", "--platform-url", "localhost:9124"], '--platform-url must be an http(s) URL, got "localhost:9124"'],
  ])("%j is refused: %s", (argv, message) => {
    expect(parseArgs(argv)).toEqual({ kind: "error", message })
  })
})

describe("the sales in the Platform API's shape", () => {
  it.each([
    ["member-sale", memberSaleScenario({ id: "31", customerId: "7", customerCode: "M0000007" })],
    ["multi-line", multiLineScenario({ id: "32" })],
  ])("a %s reads back as the same v2 transaction (but changeDifference, which the Platform API has not)", (_name, tx) => {
    const platform = toPlatformTransaction(tx)
    expect(platform).toMatchObject({ transactionDateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00$/) })
    expect(platform).not.toHaveProperty("charge")
    expect(platform).not.toHaveProperty("changeDifference")
    for (const detail of platform.details as Array<Record<string, unknown>>) {
      expect(detail).not.toHaveProperty("updDateTime")
      expect(detail).not.toHaveProperty("transactionDateTime")
    }
    const back = normalisePlatformTransaction(platform)
    if (!back.ok) throw new Error(back.error.message)
    const paid = Object.fromEntries(
      Object.entries(tx.head).filter(([key, value]) => key !== "changeDifference" && (!/^(paymentMethodId|paymentMethodName|depositOthers)\d+$/.test(key) || value !== null))
    )
    expect(back.value).toEqual({ head: paid, details: tx.details })
  })

  it("lists other payments as depositOthers[] in slot order", () => {
    const tx = memberSaleScenario({ id: "33" })
    const head = { ...tx.head, paymentMethodId2: "9", paymentMethodName2: "PayPay", depositOthers2: "500", paymentMethodId1: "3", paymentMethodName1: "商品券", depositOthers1: "1000" }
    expect(toPlatformTransaction({ ...tx, head }).depositOthers).toEqual([
      { transactionHeadId: "33", no: "1", paymentMethodId: "3", paymentMethodName: "商品券", depositOthers: "1000" },
      { transactionHeadId: "33", no: "2", paymentMethodId: "9", paymentMethodName: "PayPay", depositOthers: "500" },
    ])
  })
})

describe("buildPlatformDeliveries", () => {
  it("orders one webhook per push with the scenario's action", () => {
    const summary = (argv: string[]) => deliveries(argv).map((d) => [d.webhook.action, d.webhook.ids.join(",")])
    expect(summary(["sale", "--id", "40"])).toEqual([["created", "40"]])
    expect(summary(["update", "--id", "40"])).toEqual([["edited", "40"]])
    expect(summary(["cancel", "--id", "40"])).toEqual([["edited", "40"]])
    expect(summary(["return-cancel", "--id", "40", "--dispose-id", "41"])).toEqual([["edited", "40"], ["created", "41"]])
    expect(summary(["burst", "--id", "50", "--count", "3"])).toEqual([["created", "50"], ["created", "51"], ["created", "52"]])
  })

  it("--repeat redelivers the same event id", () => {
    const built = deliveries(["sale", "--id", "60", "--repeat", "2"])
    expect(built.map((d) => d.webhook.eventId)).toEqual(["event-1", "event-1"])
  })

  it("takes {head, details} entries from a file but refuses a v2 params object", () => {
    const tx = memberSaleScenario({ id: "70" })
    expect(deliveries(["file", "--file", "f.json"], [tx]).map((d) => d.transactionHeadIds)).toEqual([["70"]])
    const built = buildPlatformDeliveries(platformOptions(["file", "--file", "f.json"]), { now: NOW, fileJson: { data: [] } })
    expect(built).toEqual({ ok: false, message: "--api platform takes a file of {head, details} entries, not a v2 params object" })
  })

  it("prints a dry run of both control calls", () => {
    const [delivery] = deliveries(["sale", "--id", "80", "--platform-url", "http://127.0.0.1:9124/", "--contract-id", "sb_x", "--secret", "s"])
    const text = formatPlatformDryRun(delivery!)
    expect(text).toContain("POST http://127.0.0.1:9124/__fake/transactions?contractId=sb_x\n# transactionHeadId: 80\n")
    expect(text).toContain(
      'POST http://127.0.0.1:9124/__fake/webhook\n\n{"url":"http://localhost:9000/hooks/smaregi/platform","contractId":"sb_x","event":"pos:transactions","action":"created","ids":["80"],"eventId":"event-1","secret":"s","secretHeader":"X-Smaregi-Webhook-Secret"}'
    )
  })
})

describe("through a real fake Platform API to a recording store", () => {
  const C = "sb_pos"
  let platform: FakeSmaregiPlatform
  let store: http.Server
  let storeUrl: string
  const received: Array<{ method: string; path: string; headers: http.IncomingHttpHeaders; body: string }> = []

  beforeAll(async () => {
    platform = await startFakeSmaregiPlatform({ contracts: [{ contractId: C, clientId: "cid", clientSecret: "cs" }] })
    store = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on("data", (c: Buffer) => chunks.push(c))
      req.on("end", () => {
        received.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") })
        const ok = req.headers["x-shop-secret"] === "s3"
        res.writeHead(ok ? 200 : 401, { "Content-Type": "application/json" })
        res.end(JSON.stringify(ok ? { received: true } : { message: "bad secret" }))
      })
    })
    await new Promise<void>((resolve) => store.listen(0, "127.0.0.1", resolve))
    storeUrl = `http://127.0.0.1:${(store.address() as AddressInfo).port}/hooks/smaregi/platform`
  })
  afterAll(async () => {
    await platform.stop()
    await new Promise((resolve) => store.close(resolve))
  })
  beforeEach(() => {
    platform.reset()
    received.length = 0
  })

  const argv = (...extra: string[]) => ["--url", storeUrl, "--platform-url", platform.url, "--contract-id", C, "--secret-header", "X-Shop-Secret", ...extra]

  async function fetchTransaction(id: string): Promise<unknown> {
    const basic = `Basic ${Buffer.from("cid:cs").toString("base64")}`
    const tokenReply = await fetch(`${platform.url}/app/${C}/token`, {
      method: "POST",
      headers: { Authorization: basic, "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials&scope=pos.transactions%3Aread",
    })
    const { access_token } = (await tokenReply.json()) as { access_token: string }
    const reply = await fetch(`${platform.url}/${C}/pos/transactions/${id}?with_details=all`, { headers: { Authorization: `Bearer ${access_token}` } })
    expect(reply.status).toBe(200)
    return reply.json()
  }

  it("delivers Smaregi's headers and IDs-only body, and the sale is there to fetch", async () => {
    const built = deliveries(["member-sale", ...argv("--id", "901", "--secret", "s3", "--repeat", "2")])
    const results = await sendAll(built, sendThroughFakePlatform, 1)

    expect(results.map((r) => formatResult(r))).toEqual(['200 901 {"received":true}', '200 901 {"received":true}'])
    expect(exitCodeFor(results)).toBe(0)
    expect(received).toHaveLength(2)
    for (const r of received) {
      expect(r).toMatchObject({ method: "POST", path: "/hooks/smaregi/platform" })
      expect(r.headers).toMatchObject({
        "smaregi-contract-id": C,
        "smaregi-event": "pos:transactions",
        "smaregi-event-id": "event-1",
        "x-shop-secret": "s3",
        "user-agent": WEBHOOK_USER_AGENT,
        "content-type": "application/json",
      })
      expect(JSON.parse(r.body)).toEqual({ contractId: C, event: "pos:transactions", action: "created", transactionHeadIds: ["901"] })
      const parsed = parsePlatformWebhook({ headers: r.headers, body: r.body, secret: "s3", secretHeader: "X-Shop-Secret", contractId: C })
      expect(parsed).toEqual({ ok: true, value: { contractId: C, eventId: "event-1", event: "pos:transactions", action: "created", ids: ["901"] } })
    }

    const fetched = await fetchTransaction("901")
    expect(fetched).toEqual(built[0]!.transactions[0])
    const v2 = normalisePlatformTransaction(fetched)
    expect(v2.ok && v2.value.head).toMatchObject({ transactionHeadId: "901", spendPoint: "100" })
  })

  it("passes the store's refusal through and exits 1", async () => {
    const results = await sendAll(deliveries(["sale", ...argv("--id", "902", "--secret", "wrong")]), sendThroughFakePlatform, 1)
    expect(results.map((r) => formatResult(r))).toEqual(['401 902 {"message":"bad secret"}'])
    expect(exitCodeFor(results)).toBe(1)
    expect(received[0]!.headers["x-shop-secret"]).toBe("wrong")
  })

  it("sends no secret header when no secret is set", async () => {
    await sendAll(deliveries(["sale", ...argv("--id", "903")]), sendThroughFakePlatform, 1)
    expect(received[0]!.headers).not.toHaveProperty("x-shop-secret")
    expect(received[0]!.headers).not.toHaveProperty("x-smaregi-webhook-secret")
  })

  it("reports an unreachable store as an error line", async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = http.createServer().listen(0, "127.0.0.1", () => {
        const port = (probe.address() as AddressInfo).port
        probe.close(() => resolve(port))
      })
    })
    const built = deliveries(["sale", "--url", `http://127.0.0.1:${closed}/hooks/smaregi/platform`, "--platform-url", platform.url, "--contract-id", C, "--id", "904"])
    const results = await sendAll(built, sendThroughFakePlatform, 1)
    expect(formatResult(results[0]!)).toMatch(/^ERR 904 the fake Platform API could not deliver the webhook: 500 /)
    expect(exitCodeFor(results)).toBe(1)
  })
})
