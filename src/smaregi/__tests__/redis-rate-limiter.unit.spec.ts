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

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

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
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? one : two).acquire(key).then((release) => {
          starts.push(Date.now())
          release()
        })
      )
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
    const releases = await Promise.all([0, 1, 2].map(() => limiter.acquire("k").then((release) => (release(), release))))
    expect(releases.every((release) => typeof release === "function")).toBe(true)
    expect(errors).toHaveLength(3)
    expect(Date.now() - started).toBeGreaterThanOrEqual(250)
  })

  it("shares slots in flight between two instances, and frees a released one a window after its release", async () => {
    if (!a || !b) return
    const key = `test-${Date.now()}-${Math.random()}`
    const one = new RedisRateLimiter({ redis: a, perSecond: 2, windowMs: 300, prefix: "smaregi:test" })
    const two = new RedisRateLimiter({ redis: b, perSecond: 2, windowMs: 300, prefix: "smaregi:test" })
    const first = await one.acquire(key)
    const second = await two.acquire(key)
    let thirdAt: number | undefined
    const third = one.acquire(key).then((release) => {
      thirdAt = Date.now()
      return release
    })
    await sleep(500)
    expect(thirdAt).toBeUndefined()
    const releasedAt = Date.now()
    second()
    ;(await third)()
    first()
    expect(thirdAt! - releasedAt).toBeGreaterThanOrEqual(300 - 25)
    expect(thirdAt! - releasedAt).toBeLessThan(300 + 250)
  })

  it.each<[string, number[], number]>([
    ["never released", [], 250 + 200],
    ["released twice", [0, 150], 200],
  ])("a slot %s counts until its end plus the window", async (_, releaseAfter, expected) => {
    if (!a) return
    const key = `test-${Date.now()}-${Math.random()}`
    const limiter = new RedisRateLimiter({ redis: a, perSecond: 1, windowMs: 200, maxHoldMs: 250, prefix: "smaregi:test" })
    const started = Date.now()
    const first = await limiter.acquire(key)
    for (const ms of releaseAfter) setTimeout(first, ms)
    const second = await limiter.acquire(key)
    second()
    const waited = Date.now() - started
    expect(waited).toBeGreaterThanOrEqual(expected - 25)
    expect(waited).toBeLessThan(expected + 120)
  })

  it("reports a failed release and lets the slot expire by itself", async () => {
    if (!a) return
    const redis = a
    const errors: unknown[] = []
    const noRelease: RedisEval = {
      eval: (script, numKeys, ...args) => (script.includes("'XX'") ? Promise.reject(new Error("release lost")) : redis.eval(script, numKeys, ...args)),
    }
    const key = `test-${Date.now()}-${Math.random()}`
    const limiter = new RedisRateLimiter({ redis: noRelease, perSecond: 1, windowMs: 100, maxHoldMs: 200, prefix: "smaregi:test", onError: (e) => errors.push(e) })
    const started = Date.now()
    ;(await limiter.acquire(key))()
    ;(await limiter.acquire(key))()
    expect(Date.now() - started).toBeGreaterThanOrEqual(300 - 25)
    await sleep(10)
    expect(errors.map((e) => (e as Error).message)).toEqual(["release lost", "release lost"])
  })

  it.each([0, -3, 2.5])("rejects perSecond %p", (perSecond) => {
    expect(() => new RedisRateLimiter({ redis: { eval: async () => 0 }, perSecond })).toThrow(RangeError)
  })
})
