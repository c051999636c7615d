import { RedisRateLimiter, type RedisEval } from "../redis-rate-limiter"

// Runs against the Redis on localhost:6379 when there is one; the limiter's cross-process guarantee
// is the whole point, so a fake Redis would prove nothing.
const REDIS_URL = process.env.SMAREGI_TEST_REDIS_URL || "redis://localhost:6379"

type Redis = RedisEval & { quit(): Promise<unknown>; ping(): Promise<string>; disconnect(): void }

async function connect(): Promise<Redis | null> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const IORedis = require("ioredis")
  const client: Redis = new IORedis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false })
  try {
    await (client as unknown as { connect(): Promise<void> }).connect()
    await client.ping()
    return client
  } catch {
    client.disconnect()
    return null
  }
}

describe("RedisRateLimiter", () => {
  let a: Redis | null
  let b: Redis | null

  beforeAll(async () => {
    a = await connect()
    b = await connect()
    if (!a) console.warn(`RedisRateLimiter: no Redis at ${REDIS_URL}; the cross-process checks are skipped`)
  })
  afterAll(async () => {
    await a?.quit()
    await b?.quit()
  })

  it("lets at most perSecond acquisitions start in any window across two clients", async () => {
    if (!a || !b) return
    const key = `test-${Date.now()}-${Math.random()}`
    const one = new RedisRateLimiter({ redis: a, perSecond: 4, windowMs: 400, prefix: "smaregi:test" })
    const two = new RedisRateLimiter({ redis: b, perSecond: 4, windowMs: 400, prefix: "smaregi:test" })
    const starts: number[] = []
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? one : two).acquire(key).then(() => starts.push(Date.now())))
    )
    starts.sort((x, y) => x - y)
    expect(starts).toHaveLength(12)
    for (let i = 4; i < starts.length; i++) {
      // the 5th start after any start must fall outside that start's window (small scheduler slack)
      expect(starts[i] - starts[i - 4]).toBeGreaterThanOrEqual(400 - 25)
    }
  })

  it("falls back to an in-process limiter when Redis fails", async () => {
    const errors: unknown[] = []
    const broken: RedisEval = { eval: () => Promise.reject(new Error("connection refused")) }
    const limiter = new RedisRateLimiter({ redis: broken, perSecond: 2, windowMs: 300, onError: (e) => errors.push(e) })
    const started = Date.now()
    await Promise.all([limiter.acquire("k"), limiter.acquire("k"), limiter.acquire("k")])
    expect(errors).toHaveLength(3)
    expect(Date.now() - started).toBeGreaterThanOrEqual(250)
  })

  it.each([0, -3, 2.5])("rejects perSecond %p", (perSecond) => {
    expect(() => new RedisRateLimiter({ redis: { eval: async () => 0 }, perSecond })).toThrow(RangeError)
  })
})
