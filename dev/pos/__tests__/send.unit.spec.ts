import type { AddressInfo } from "node:net"
import type { Server } from "node:http"

import express from "express"

import { smaregiAckBody } from "../../../src/smaregi/push-ack"
import { parseTransactionPush, type ParsedPush } from "../../../src/smaregi/push-parser"
import type { PosRequest } from "../requests"
import { exitCodeFor, formatResult, sendAll, type PosResult } from "../send"
import { requests } from "./helpers"

describe("sendAll", () => {
  const fake = (id: string): PosRequest => ({ method: "POST", url: "http://localhost/x", headers: {}, body: id, transactionHeadIds: [id] })

  it.each([1, 3, 10])("keeps at most %i requests in flight and results in request order", async (concurrency) => {
    let inFlight = 0
    let peak = 0
    const reqs = Array.from({ length: 12 }, (_, i) => fake(String(i)))
    const results = await sendAll(
      reqs,
      async (r) => {
        inFlight++
        peak = Math.max(peak, inFlight)
        await new Promise((resolve) => setTimeout(resolve, (Number(r.body) % 3) * 2))
        inFlight--
        return { status: 200, body: r.body }
      },
      concurrency
    )
    expect(peak).toBe(Math.min(concurrency, 12))
    expect(results.map((r) => r.body)).toEqual(reqs.map((r) => r.body))
  })

  it("records transport errors and reports every result", async () => {
    const seen: string[] = []
    const results = await sendAll(
      [fake("1"), fake("2")],
      async (r) => {
        if (r.body === "2") throw Object.assign(new TypeError("fetch failed"), { cause: new Error("connect ECONNREFUSED 127.0.0.1:9000") })
        return { status: 200, body: "{}" }
      },
      1,
      (result) => seen.push(formatResult(result))
    )
    expect(seen).toEqual(["200 1 {}", "ERR 2 fetch failed: connect ECONNREFUSED 127.0.0.1:9000"])
    expect(exitCodeFor(results)).toBe(1)
  })

  it.each<[number[], number]>([
    [[200, 200], 0],
    [[200, 204], 0],
    [[200, 400], 1],
    [[500], 1],
    [[302], 1],
    [[], 0],
  ])("statuses %j exit %i", (statuses, code) => {
    const results: PosResult[] = statuses.map((status) => ({ request: fake("1"), status, body: "", error: null }))
    expect(exitCodeFor(results)).toBe(code)
  })

  it.each<[number, string, string]>([
    [200, '{"result":[{"TransactionHead":1}]}', '200 1 {"result":[{"TransactionHead":1}]}'],
    [400, "params is not valid JSON:\n Unexpected end", "400 1 params is not valid JSON: Unexpected end"],
    [500, "x".repeat(300), `500 1 ${"x".repeat(200)}…`],
    [204, "", "204 1"],
  ])("formats a %i line", (status, body, line) => {
    expect(formatResult({ request: fake("1"), status, body, error: null })).toBe(line)
  })
})

describe("against a local Express webhook (the body parser Medusa uses)", () => {
  let server: Server
  let url: string
  const received: Array<{ contentType: string | undefined; push: ParsedPush | string }> = []

  beforeAll(async () => {
    const app = express()
    app.use(express.urlencoded({ extended: true, limit: "5mb" }))
    app.post("/hooks/smaregi/transactions", (req, res) => {
      const result = parseTransactionPush(req.body as Record<string, unknown>, req.query as Record<string, unknown>)
      received.push({ contentType: req.headers["content-type"], push: result.ok ? result.value : result.error.code })
      if (!result.ok) {
        res.status(400).send(result.error.message)
        return
      }
      res.json(smaregiAckBody(result.value.transactions.length))
    })
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s))
    })
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/smaregi/transactions`
  })

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
  })

  beforeEach(() => {
    received.length = 0
  })

  const send = async (r: PosRequest) => {
    const response = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body })
    return { status: response.status, body: await response.text() }
  }

  it.each([["body"], ["query"]])("delivers a burst with the agreement id in the %s", async (where) => {
    const built = requests(["burst", "--count", "6", "--id", "700", "--url", url, "--agreement-in", where, "--agreement-id", "shop-001"])
    const results = await sendAll(built, send, 3)

    expect(results.map((r) => formatResult(r))).toEqual(
      ["700", "701", "702", "703", "704", "705"].map((id) => `200 ${id} {"result":[{"TransactionHead":1}]}`)
    )
    expect(exitCodeFor(results)).toBe(0)
    expect(received).toHaveLength(6)
    for (const r of received) {
      expect(r.contentType).toBe("application/x-www-form-urlencoded; charset=UTF-8")
      expect(typeof r.push === "string" ? r.push : r.push.agreementId).toBe("shop-001")
    }
  })

  it("round-trips Japanese text, escaped or not, through the real parser", async () => {
    for (const argv of [["multi-line"], ["multi-line", "--ascii-escape"]]) {
      const [request] = requests([...argv, "--id", "42", "--url", url])
      await sendAll([request!], send, 1)
    }
    const names = received.map((r) => (typeof r.push === "string" ? r.push : r.push.transactions[0]!.head.staffName))
    expect(names).toEqual(["山田 太郎", "山田 太郎"])
  })

  it("a rejected push exits non-zero and shows the webhook's message", async () => {
    const [request] = requests(["file", "--file", "x.json", "--url", url], { data: [] })
    const results = await sendAll([request!], send, 1)
    expect(formatResult(results[0]!)).toBe("400 - params.data has no TransactionHead table")
    expect(exitCodeFor(results)).toBe(1)
  })
})
