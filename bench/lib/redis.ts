type RedisClient = {
  connect(): Promise<void>
  ping(): Promise<string>
  scan(cursor: string, match: "MATCH", pattern: string, count: "COUNT", n: number): Promise<[string, string[]]>
  del(...keys: string[]): Promise<number>
  disconnect(): void
}

function client(url: string): RedisClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const IORedis = require("ioredis")
  return new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1500, retryStrategy: () => null })
}

export async function redisAvailable(url: string): Promise<boolean> {
  const redis = client(url)
  try {
    await redis.connect()
    return (await redis.ping()) === "PONG"
  } catch {
    return false
  } finally {
    redis.disconnect()
  }
}

/**
 * Deletes the keys under `prefix` (this run's queues, workflow state and locks). Every bench run uses its own
 * prefix, so nothing of another user of the same Redis is touched.
 */
export async function deleteRedisKeys(url: string, prefix: string): Promise<number> {
  const redis = client(url)
  let deleted = 0
  try {
    await redis.connect()
    let cursor = "0"
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000)
      if (keys.length) deleted += await redis.del(...keys)
      cursor = next
    } while (cursor !== "0")
  } finally {
    redis.disconnect()
  }
  return deleted
}
