import http from "node:http"
import https from "node:https"
import type { AddressInfo, Socket } from "node:net"
import { SMAREGI_ERROR_CODES } from "../../src/smaregi/errors"
import { handleAccess } from "./access"
import { isRecord } from "./cells"
import { SmaregiFault, errorAnswer } from "./errors"
import { FaultState } from "./faults"
import { readBody, sendJson } from "./http"
import { ContractStore } from "./state"
import type { Answer, FakeContract, FakeRequest, FakeRow, FakeStats, FaultSpec, SeedTransaction } from "./types"

export type FakeSmaregiOptions = {
  port?: number
  host?: string
  contracts?: FakeContract[]
  /** First transactionHeadId given to seeded transactions that have none. */
  idStart?: number
  /** Serve HTTPS with this key and certificate (PEM), as a production store requires of its apiUrl. */
  tls?: { key: string | Buffer; cert: string | Buffer }
}

export interface FakeSmaregi {
  readonly url: string
  readonly port: number
  /** Members of the first contract, keyed by customerId. */
  readonly members: Map<string, FakeRow>
  readonly requests: FakeRequest[]
  readonly rateLimitViolations: number
  readonly maxObservedPerSecond: number
  membersOf(contractId: string): Map<string, FakeRow>
  seedMembers(rows: Array<Record<string, unknown>>, contractId?: string): void
  seedTransactions(transactions: SeedTransaction[], contractId?: string): string[]
  fault(spec: FaultSpec): void
  clearFaults(): void
  reset(): void
  stats(): FakeStats
  stop(): Promise<void>
}

/** A local stand-in for Smaregi's `POST /access/` with test controls; see the FakeSmaregi interface. */
export async function startFakeSmaregi(options: FakeSmaregiOptions = {}): Promise<FakeSmaregi> {
  const host = options.host ?? "127.0.0.1"
  const contracts = options.contracts ?? [{ contractId: "dev-contract", accessToken: "dev-token" }]
  if (contracts.length === 0) throw new RangeError("startFakeSmaregi: at least one contract is required")
  const store = new ContractStore(contracts[0].contractId, options.idStart ?? 1)
  const defaultContract = store.defaultContract
  const dataOf = store.dataOf
  const faults = new FaultState()
  const requests: FakeRequest[] = []
  const timers = new Set<NodeJS.Timeout>()
  const sockets = new Set<Socket>()

  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        resolve()
      }, ms)
      timers.add(timer)
    })

  async function handleControl(req: http.IncomingMessage, url: URL): Promise<Answer> {
    const route = `${req.method} ${url.pathname.replace(/\/$/, "")}`
    const contractId = url.searchParams.get("contractId") ?? defaultContract
    const readJson = async (): Promise<unknown> => {
      const text = await readBody(req)
      return text.trim() === "" ? {} : JSON.parse(text)
    }
    switch (route) {
      case "GET /__fake/members":
        return { status: 200, body: [...dataOf(contractId).members.values()] }
      case "POST /__fake/members": {
        const rows = await readJson()
        if (!Array.isArray(rows)) return { status: 400, body: { error: "expected a JSON array of member rows" } }
        fake.seedMembers(rows as Array<Record<string, unknown>>, contractId)
        return { status: 200, body: { ok: true } }
      }
      case "GET /__fake/requests":
        return { status: 200, body: requests }
      case "POST /__fake/transactions": {
        const list = await readJson()
        if (!Array.isArray(list)) return { status: 400, body: { error: "expected a JSON array of { head, details }" } }
        return { status: 200, body: { transactionHeadIds: fake.seedTransactions(list as SeedTransaction[], contractId) } }
      }
      case "POST /__fake/fault": {
        const spec = await readJson()
        if (!isRecord(spec)) return { status: 400, body: { error: "expected a JSON object" } }
        if (spec.clear === true) fake.clearFaults()
        else fake.fault(spec as FaultSpec)
        return { status: 200, body: { ok: true } }
      }
      case "POST /__fake/reset":
        fake.reset()
        return { status: 200, body: { ok: true } }
      case "GET /__fake/stats":
        return { status: 200, body: fake.stats() }
      default:
        return { status: 404, body: { error: `no control route ${route}` } }
    }
  }

  const handler: http.RequestListener = (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake.invalid")
    if (url.pathname.startsWith("/__fake/")) {
      handleControl(req, url)
        .catch((e: unknown) => ({ status: 400, body: { error: (e as Error).message } }))
        .then((answer) => sendJson(res, answer))
      return
    }
    if (url.pathname !== "/access/" && url.pathname !== "/access") {
      sendJson(res, { status: 404, body: { error: "Not Found" } })
      return
    }
    const headers: Array<[string, string]> = []
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]])
    const entry: FakeRequest = {
      time: Date.now(),
      method: req.method ?? "",
      path: url.pathname,
      procName: null,
      params: null,
      headers,
      status: null,
      errorCode: null,
    }
    requests.push(entry)
    handleAccess(req, entry, { contracts, faults, wait, dataOf })
      .catch((e: unknown): Answer => {
        if (e instanceof SmaregiFault) return errorAnswer(e.errorCode, e.message, e.description)
        return errorAnswer(11, SMAREGI_ERROR_CODES[11].ja, (e as Error).message, 500)
      })
      .then((answer) => {
        if (answer === "drop") {
          req.socket.destroy()
          return
        }
        entry.status = answer.status
        const body = answer.body
        if (isRecord(body) && typeof body.error_code === "number") entry.errorCode = body.error_code
        if (!req.complete) req.resume()
        sendJson(res, answer)
      })
  }
  const server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler)
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const urlHost = host.includes(":") ? `[${host}]` : host

  const fake: FakeSmaregi = {
    url: `${options.tls ? "https" : "http"}://${urlHost}:${port}/access/`,
    port,
    get members() {
      return dataOf(defaultContract).members
    },
    requests,
    get rateLimitViolations() {
      return faults.rateLimitViolations
    },
    get maxObservedPerSecond() {
      return faults.maxObservedPerSecond
    },
    membersOf: (contractId) => dataOf(contractId).members,
    seedMembers: (rows, contractId = defaultContract) => store.seedMembers(rows, contractId),
    seedTransactions: (transactions, contractId = defaultContract) => store.seedTransactions(transactions, contractId),
    fault: (spec) => faults.apply(spec),
    clearFaults: () => faults.clear(),
    reset() {
      faults.clear()
      store.clear()
      requests.length = 0
      faults.resetCounters()
    },
    stats: () => ({
      requests: requests.length,
      rateLimitViolations: faults.rateLimitViolations,
      maxObservedPerSecond: faults.maxObservedPerSecond,
      ...store.counts(),
    }),
    async stop() {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      })
    },
  }
  return fake
}
