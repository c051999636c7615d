import { spawnSync } from "node:child_process"
import { type FakeSmaregi, startFakeSmaregi } from "../../dev/fake-smaregi/server"
import { encodeForm, makePushBody } from "../../src/smaregi/__fixtures__/push-bodies"
import { buildTransaction } from "../../src/smaregi/__fixtures__/sales"
import { shiftDateTime } from "../../src/smaregi/__fixtures__/times"
import type { SmaregiTransaction } from "../../src/smaregi/transaction-schema"
import { type Cluster, MULTI_REDIS_URL, startCluster } from "./cluster"

// issue 8 / NFR-2: the plugin on Medusa's Redis event bus, workflow engine, locking and cache, as two
// `medusa start` servers and one worker sharing one database and one Redis database index.

jest.setTimeout(240_000)

const SECRET = "multi-agreement-0001"
const TOKEN = "multi-token-0001"
const CONTRACT = "multi-contract"
const MEMBERS = 10
const INITIAL_POINTS = 5000
const RATE_LIMIT = 5
const AT = "2026-06-01 10:00:00"

// Checked before any test is defined, so a machine without Redis skips only this file, saying why.
const redisProbe = spawnSync(
  process.execPath,
  ["-e", `const s=require("net").connect(+new URL(process.argv[1]).port||6379,new URL(process.argv[1]).hostname);s.setTimeout(1500,()=>process.exit(1));s.on("error",()=>process.exit(1));s.on("connect",()=>s.write("PING\\r\\n"));s.on("data",d=>process.exit(String(d).startsWith("+PONG")?0:1))`, MULTI_REDIS_URL],
  { timeout: 5000 }
)
const SKIP_REASON = redisProbe.status === 0 ? null : `no Redis answers at ${MULTI_REDIS_URL} (set SMAREGI_MULTI_REDIS_URL to use another)`
if (SKIP_REASON) console.warn(`multi-instance tests skipped: ${SKIP_REASON}`)
const suite = SKIP_REASON ? describe.skip : describe

type Row = { transaction_head_id: string; status: string; order_id: string | null; reason: string | null }

suite("several Medusa processes on Redis (NFR-2)", () => {
  let fake: FakeSmaregi
  let cluster: Cluster
  const log = (line: string) => console.log(`[multi ${new Date().toISOString().slice(11, 19)}] ${line}`)

  beforeAll(async () => {
    fake = await startFakeSmaregi({ port: 0, contracts: [{ contractId: CONTRACT, accessToken: TOKEN }] })
    cluster = await startCluster({
      seed: { fakeUrl: fake.url, contractId: CONTRACT, accessToken: TOKEN, agreementSecret: SECRET, customers: MEMBERS, initialPoints: INITIAL_POINTS },
      env: {
        SMAREGI_PENDING_AFTER_MS: "15000",
        SMAREGI_PENDING_INTERVAL_MS: "5000",
        SMAREGI_MEMBER_SYNC_DELAY_MS: "200",
        SMAREGI_MEMBER_RETRY_BASE_MS: "300",
        SMAREGI_MEMBER_RETRY_MAX_MS: "1500",
        SMAREGI_MEMBER_LEASE_MS: "20000",
      },
      log,
    })
    await Promise.all([cluster.start("server-a", "server"), cluster.start("server-b", "server"), cluster.start("worker", "worker")])
  }, 300_000)

  afterAll(async () => {
    await cluster?.stop()
    await fake?.stop()
  }, 60_000)

  const query = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => (await cluster.db.query(sql, params)).rows as T[]

  const post = async (base: string, path: string, body: string | object, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, {
      method: "POST",
      headers: typeof body === "string" ? { "content-type": "application/x-www-form-urlencoded; charset=UTF-8", ...headers } : { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    })
    const text = await res.text()
    return { status: res.status, text, json: () => JSON.parse(text) }
  }

  /** Runs `work` over `items` with at most `limit` in flight. */
  async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
    const out: R[] = new Array(items.length)
    let next = 0
    await Promise.all(
      Array.from({ length: Math.min(limit, items.length) }, async () => {
        for (let i = next++; i < items.length; i = next++) out[i] = await work(items[i]!)
      })
    )
    return out
  }

  async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const value = await probe()
      if (done(value)) return value
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${summary(value)}\n${cluster.tail(15)}`)
      await new Promise((r) => setTimeout(r, 500))
    }
  }

  const summary = (value: unknown): string => {
    if (!Array.isArray(value) || !value.every((v) => typeof v === "object" && v !== null && "status" in v)) return JSON.stringify(value).slice(0, 2000)
    const byStatus: Record<string, string[]> = {}
    for (const row of value as Array<{ status: string; transaction_head_id?: string; customer_id?: string }>) {
      ;(byStatus[row.status] ??= []).push(row.transaction_head_id ?? row.customer_id ?? "?")
    }
    return Object.entries(byStatus)
      .map(([status, ids]) => `${status}: ${ids.length}${ids.length <= 20 ? ` (${ids.join(", ")})` : ""}`)
      .join("; ")
  }

  const rowsOf = (heads: string[]) =>
    query<Row>(`SELECT transaction_head_id, status, order_id, reason FROM smaregi_transaction WHERE transaction_head_id = ANY($1) AND deleted_at IS NULL`, [heads])

  const ordersByHead = (heads: string[]) =>
    query<{ head: string; n: string }>(
      `SELECT metadata->>'smaregi_transaction_head_id' AS head, count(*) AS n FROM "order"
        WHERE metadata->>'smaregi_transaction_head_id' = ANY($1) AND deleted_at IS NULL GROUP BY 1`,
      [heads]
    )

  /** Per head: its order's payment collections and their state (a sale is imported once it is paid in full). */
  const paymentsByHead = (heads: string[]) =>
    query<{ head: string; collections: string; completed: string; claimed: string; captures: string; transactions: string }>(
      `SELECT t.transaction_head_id AS head,
              count(pc.id) AS collections,
              count(pc.id) FILTER (WHERE pc.status = 'completed' AND pc.amount = o_total.total) AS completed,
              (SELECT count(*) FROM "order" o
                WHERE o.id = t.order_id AND o.metadata->>'smaregi_transaction_id' = t.id AND o.deleted_at IS NULL) AS claimed,
              (SELECT count(*) FROM capture c
                 JOIN payment p ON p.id = c.payment_id AND p.captured_at IS NOT NULL
                 JOIN order_payment_collection x ON x.payment_collection_id = p.payment_collection_id AND x.deleted_at IS NULL
                WHERE x.order_id = t.order_id AND c.deleted_at IS NULL) AS captures,
              (SELECT count(*) FROM order_transaction ot
                WHERE ot.order_id = t.order_id AND ot.reference = 'capture' AND ot.deleted_at IS NULL) AS transactions
         FROM smaregi_transaction t
         JOIN LATERAL (SELECT (t.head->>'total')::numeric AS total) o_total ON true
         LEFT JOIN order_payment_collection opc ON opc.order_id = t.order_id AND opc.deleted_at IS NULL
         LEFT JOIN payment_collection pc ON pc.id = opc.payment_collection_id AND pc.deleted_at IS NULL
        WHERE t.transaction_head_id = ANY($1) AND t.deleted_at IS NULL
        GROUP BY t.id`,
      [heads]
    )

  const notPaidOnce = async (heads: string[]) =>
    (await paymentsByHead(heads))
      .filter((p) => [p.collections, p.completed, p.claimed, p.captures, p.transactions].some((n) => Number(n) !== 1))
      .map(
        (p) =>
          `${p.head}: ${p.collections} collection(s), ${p.completed} completed, ${p.claimed} claimed order(s), ` +
          `${p.captures} finished capture(s), ${p.transactions} capture transaction(s)`
      )

  /** The Redis event bus has nothing waiting or running (every redelivery has been handled). */
  async function eventBusIdle(): Promise<boolean> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Queue } = require("bullmq")
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const IORedis = require("ioredis")
    const connection = new IORedis(MULTI_REDIS_URL, { maxRetriesPerRequest: null })
    const queue = new Queue("events-queue", { prefix: "RedisEventBusService", connection })
    try {
      const counts = await queue.getJobCounts("wait", "active", "prioritized", "delayed", "paused")
      return Object.values(counts as Record<string, number>).every((n) => n === 0)
    } finally {
      await queue.close()
      connection.disconnect()
    }
  }

  it("turns 20 concurrent copies of each of 50 pushes, spread over both servers, into exactly 50 orders and exact point balances", async () => {
    const members = cluster.seed.members
    const sales: SmaregiTransaction[] = Array.from({ length: 50 }, (_, i) => {
      const m = members[i % members.length]!
      return buildTransaction({
        id: String(300000 + i),
        at: shiftDateTime(AT, i),
        customerId: m.smaregiCustomerId,
        customerCode: m.customerCode,
        lines: [{ productCode: i % 2 ? "TSHIRT-NAVY-M" : "SHIRT-WHITE-L", price: 4400, quantity: 1 + (i % 3) }],
        pointDiscount: (i % 4) * 100,
        newPoint: 10 + i,
      })
    })
    const heads = sales.map((s) => s.head.transactionHeadId)
    const servers = cluster.servers()
    expect(servers).toHaveLength(2)
    const deliveries = sales.flatMap((tx, i) =>
      Array.from({ length: 20 }, (_, k) => ({ body: encodeForm(makePushBody([tx], { agreementId: SECRET })), server: servers[(i + k) % 2]! }))
    )
    const [requestsBefore] = await query<{ n: string }>(`SELECT count(*) AS n FROM smaregi_request`)

    // Every copy of a push is in flight at once; the pushes themselves overlap too.
    const replies = await pool(deliveries, 200, (d) => post(d.server, "/hooks/smaregi/transactions", d.body))
    expect(replies.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.text.slice(0, 200)}`)).toEqual([])

    await until(() => rowsOf(heads), (rows) => rows.length === 50 && rows.every((r) => r.status !== "received"), "50 processed heads", 180_000)
    await until(eventBusIdle, Boolean, "the event bus to drain", 120_000)

    const rows = await rowsOf(heads)
    expect(rows.map((r) => r.status).sort()).toEqual(Array(50).fill("imported"))
    expect(new Set(rows.map((r) => r.order_id)).size).toBe(50)
    const orders = await ordersByHead(heads)
    expect(orders.length).toBe(50)
    expect(orders.filter((o) => Number(o.n) !== 1)).toEqual([])
    expect(await notPaidOnce(heads)).toEqual([])

    const [requestsAfter] = await query<{ n: string }>(`SELECT count(*) AS n FROM smaregi_request`)
    expect(Number(requestsAfter!.n) - Number(requestsBefore!.n)).toBe(1000)
    const received = await query<{ head: string; n: string }>(
      `SELECT transaction_head_id AS head, count(*) AS n FROM smaregi_transaction_event
        WHERE type = 'received' AND transaction_head_id = ANY($1) GROUP BY 1`,
      [heads]
    )
    expect(received.filter((r) => Number(r.n) !== 20)).toEqual([])

    for (const [i, m] of members.entries()) {
      const mine = sales.filter((_, k) => k % members.length === i)
      const expected = INITIAL_POINTS + mine.reduce((sum, tx) => sum + Number(tx.head.newPoint) - Number(tx.head.spendPoint), 0)
      const [balance] = await query<{ points: string; entries: string }>(
        `SELECT COALESCE(SUM(amount), 0) AS points, count(*) AS entries FROM points_entry WHERE customer_id = $1 AND deleted_at IS NULL`,
        [m.customerId]
      )
      const movements = mine.reduce((n, tx) => n + 1 + (Number(tx.head.spendPoint) > 0 ? 1 : 0), 0)
      expect([m.customerCode, Number(balance!.points), Number(balance!.entries)]).toEqual([m.customerCode, expected, 1 + movements])
    }
  })

  it("imports each of 200 pushes exactly once when the worker is killed (SIGKILL) in the middle and restarted", async () => {
    const sales = Array.from({ length: 200 }, (_, i) =>
      buildTransaction({
        id: String(400000 + i),
        at: shiftDateTime(AT, 100 + i),
        terminalTranId: String(5000 + i),
        lines: [{ productCode: ["TSHIRT-NAVY-S", "TSHIRT-WHITE-M", "SHIRT-NAVY-L"][i % 3]!, price: 3300, quantity: 1 + (i % 2) }],
      })
    )
    const heads = sales.map((s) => s.head.transactionHeadId)
    const servers = cluster.servers()
    const replies = await pool(sales, 20, (tx) =>
      post(servers[Number(tx.head.transactionHeadId) % 2]!, "/hooks/smaregi/transactions", encodeForm(makePushBody([tx], { agreementId: SECRET })))
    )
    expect(replies.filter((r) => r.status !== 200).map((r) => r.status)).toEqual([])

    const before = await until(
      () => rowsOf(heads),
      (rows) => rows.filter((r) => r.status === "imported").length >= 25,
      "the first imports",
      120_000
    )
    await cluster.crash("worker")
    const atCrash = await rowsOf(heads)
    const importedAtCrash = atCrash.filter((r) => r.status === "imported").length
    log(`worker killed with ${importedAtCrash} of 200 imported (${before.length} stored)`)
    expect(importedAtCrash).toBeLessThan(200)

    await cluster.start("worker", "worker")
    await until(() => rowsOf(heads), (rows) => rows.length === 200 && rows.every((r) => r.status !== "received"), "all 200 heads processed", 150_000)

    // Every way a crash can break exactly-once, reported together: not imported, duplicate orders, not paid once.
    const rows = await rowsOf(heads)
    const orders = await ordersByHead(heads)
    const problems = [
      ...rows.filter((r) => r.status !== "imported").map((r) => `${r.transaction_head_id}: ${r.status} (${r.reason ?? "no reason"})`),
      ...orders.filter((o) => Number(o.n) !== 1).map((o) => `${o.head}: ${o.n} orders`),
      ...heads.filter((h) => !orders.some((o) => o.head === h)).map((h) => `${h}: no order`),
      ...(await notPaidOnce(heads)),
    ]
    expect(problems).toEqual([])
    expect(new Set(rows.map((r) => r.order_id)).size).toBe(200)
  })

  it("syncs every member exactly once through a Smaregi outage, never faster than the contract's rate limit across processes", async () => {
    const admin = { authorization: `Bearer ${cluster.seed.adminToken}` }
    const servers = cluster.servers()
    fake.reset()
    fake.fault({ rateLimitPerSecond: RATE_LIMIT })
    const created = await post(servers[0]!, "/admin/smaregi/connections", {
      name: "Members (multi)",
      access_token: TOKEN,
      settings: { apiUrl: fake.url, contractId: CONTRACT, memberSyncEnabled: true, customerIdStart: 20000, timeoutMs: 800, rateLimitPerSecond: RATE_LIMIT, memberBatchSize: 1 },
    }, admin)
    expect(created.status).toBe(200)
    const connectionId: string = created.json().connection.id

    // Smaregi is down (503) for the first registrations, then stalls past the client timeout, then recovers.
    fake.fault({ status: 503, times: 25 })
    fake.fault({ stallMs: 2000, times: 5 })
    const pk = { "x-publishable-api-key": cluster.seed.publishableKey }
    const customers = await pool(Array.from({ length: 30 }, (_, i) => i), 6, async (i) => {
      const base = servers[i % 2]!
      const email = `outage${i}@multi.example.jp`
      const reg = await post(base, "/auth/customer/emailpass/register", { email, password: "Passw0rd!" })
      const token = reg.json().token as string
      const res = await post(base, "/store/customers", { email, first_name: `Outage${i}`, last_name: "Multi" }, { ...pk, authorization: `Bearer ${token}` })
      expect(res.status).toBe(200)
      return res.json().customer.id as string
    })

    // While pushes are failing, operators press Resync on both servers: pushes now come from three processes.
    await new Promise((r) => setTimeout(r, 1500))
    await Promise.all(servers.map((base) => post(base, "/admin/smaregi/members/resync-failed", { connection_id: connectionId }, admin)))

    const statuses = () =>
      query<{ customer_id: string; status: string; customer_code: string; smaregi_customer_id: string }>(
        `SELECT customer_id, status, customer_code, smaregi_customer_id FROM smaregi_member WHERE connection_id = $1 AND deleted_at IS NULL`,
        [connectionId]
      )
    const finalRows = await until(statuses, (rows) => rows.length === 30 && rows.every((r) => r.status === "synced"), "30 synced members", 150_000)

    expect(new Set(finalRows.map((r) => r.customer_id))).toEqual(new Set(customers))
    expect(new Set(finalRows.map((r) => r.customer_code)).size).toBe(30)
    expect(new Set(finalRows.map((r) => r.smaregi_customer_id)).size).toBe(30)
    const inSmaregi = fake.membersOf(CONTRACT)
    const pushed = finalRows.map((r) => r.smaregi_customer_id)
    expect(pushed.filter((id) => !inSmaregi.has(id))).toEqual([])
    expect(new Set([...inSmaregi.values()].map((m) => m.customerCode)).size).toBe(inSmaregi.size)
    const failures = fake.requests.filter((r) => r.status !== 200).length
    expect(failures).toBeGreaterThanOrEqual(25)
    expect(fake.rateLimitViolations).toBe(0)
    expect(fake.maxObservedPerSecond).toBeLessThanOrEqual(RATE_LIMIT)
    log(`member outage: ${fake.requests.length} calls (${failures} failed), max ${fake.maxObservedPerSecond}/s`)
  })
})
