import { RedisTokenStore, type RedisTokenClient } from "../redis-token-store"
import { PlatformTokenProvider } from "../token"
import { startFakeSmaregiPlatform, type FakeSmaregiPlatform } from "../../../../dev/fake-smaregi-platform/server"

// Against the Redis on localhost:6379 when there is one: sharing a token between processes is the point.
const REDIS_URL = process.env.SMAREGI_TEST_REDIS_URL || "redis://localhost:6379"

type Redis = RedisTokenClient & { quit(): Promise<unknown>; ping(): Promise<string>; disconnect(): void; pttl(key: string): Promise<number> }

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

describe("RedisTokenStore", () => {
  let a: Redis | null
  let b: Redis | null
  let fake: FakeSmaregiPlatform
  const key = () => `smaregi:test:token:${Date.now()}:${Math.random()}`

  beforeAll(async () => {
    a = await connect()
    b = await connect()
    if (!a) console.warn(`RedisTokenStore: no Redis at ${REDIS_URL}; skipped`)
    fake = await startFakeSmaregiPlatform({ contracts: [{ contractId: "sb_redis", clientId: "cid", clientSecret: "csecret" }] })
  })
  afterAll(async () => {
    await a?.quit()
    await b?.quit()
    await fake.stop()
  })

  it("stores a token until it expires, readable from another connection", async () => {
    if (!a || !b) return
    const k = key()
    const now = Date.now()
    await new RedisTokenStore({ redis: a }).set(k, { accessToken: "t1", expiresAt: now + 5_000, scope: "pos.customers:read" })
    expect(await new RedisTokenStore({ redis: b }).get(k)).toEqual({ accessToken: "t1", expiresAt: now + 5_000, scope: "pos.customers:read" })
    const ttl = await a.pttl(k)
    expect(ttl).toBeGreaterThan(3_000)
    expect(ttl).toBeLessThanOrEqual(5_000)
    await new RedisTokenStore({ redis: b }).delete(k)
    expect(await new RedisTokenStore({ redis: a }).get(k)).toBeNull()
  })

  it("treats an expired or unreadable entry as none and never stores an expired token", async () => {
    if (!a) return
    const k = key()
    let now = 1_000
    const store = new RedisTokenStore({ redis: a, now: () => now })
    await store.set(k, { accessToken: "t", expiresAt: 10_000, scope: "s" })
    now = 10_000
    expect(await store.get(k)).toBeNull()
    await a.set(k, "not json", "PX", 5_000)
    expect(await store.get(k)).toBeNull()
    const gone = key()
    await store.set(gone, { accessToken: "t", expiresAt: 9_000, scope: "s" })
    expect(await a.get(gone)).toBeNull()
  })

  it("lets two providers (two processes) share one token per contract", async () => {
    if (!a || !b) return
    fake.reset()
    const options = { idUrl: fake.url, contractId: "sb_redis", clientId: "cid", clientSecret: "csecret", scopes: [`pos.customers:read`] }
    const one = new PlatformTokenProvider({ ...options, store: new RedisTokenStore({ redis: a }) })
    const two = new PlatformTokenProvider({ ...options, store: new RedisTokenStore({ redis: b }) })
    await a.del(one.key)
    const token = await one.getToken()
    expect(await two.getToken()).toBe(token)
    expect(fake.tokensIssued()).toBe(1)
    await two.invalidate(token)
    expect(await one.getToken()).not.toBe(token)
    expect(fake.tokensIssued()).toBe(2)
    await a.del(one.key)
  })
})
