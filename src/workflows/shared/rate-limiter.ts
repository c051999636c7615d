import { type RateLimiter, sharedRateLimiter } from "../../smaregi/rate-limiter"
import { RedisRateLimiter, type RedisEval } from "../../smaregi/redis-rate-limiter"

const CACHE = Symbol.for("medusa-plugin-smaregi.redis-rate-limiters")
type Cache = { url: string; redis: RedisEval; limiters: Map<number, RateLimiter> }
type GlobalWithCache = typeof globalThis & { [CACHE]?: Cache }

/**
 * The limiter every Smaregi call of this store goes through: shared through Redis across processes when
 * SMAREGI_REDIS_URL (or REDIS_URL) is set, else shared within the process.
 */
export function smaregiRateLimiter(perSecond: number, logger?: { warn(msg: string): void }): RateLimiter {
  const url = process.env.SMAREGI_REDIS_URL || process.env.REDIS_URL
  if (!url) return sharedRateLimiter(perSecond)
  const g = globalThis as GlobalWithCache
  if (!g[CACHE] || g[CACHE].url !== url) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const IORedis = require("ioredis")
    g[CACHE] = { url, redis: new IORedis(url, { maxRetriesPerRequest: 1, lazyConnect: false }), limiters: new Map() }
  }
  const cache = g[CACHE]
  let limiter = cache.limiters.get(perSecond)
  if (!limiter) {
    limiter = new RedisRateLimiter({
      redis: cache.redis,
      perSecond,
      onError: (e) => logger?.warn(`smaregi: Redis rate limiter unavailable, limiting per process: ${String(e)}`),
    })
    cache.limiters.set(perSecond, limiter)
  }
  return limiter
}
