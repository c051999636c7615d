import { DEFAULT_PER_SECOND, DEFAULT_WINDOW_MS, InMemoryRateLimiter, type RateLimiter } from "./rate-limiter"

/** The part of an ioredis client the limiter needs. */
export type RedisEval = { eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown> }

// Sliding-window log in one sorted set per key; Redis' own clock, so processes on several hosts agree.
const ACQUIRE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window * 2)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`

export type RedisRateLimiterOptions = {
  redis: RedisEval
  perSecond?: number
  windowMs?: number
  prefix?: string
  /** Used while Redis does not answer, so calls slow down instead of stopping. */
  fallback?: RateLimiter
  onError?: (error: unknown) => void
  sleep?: (ms: number) => Promise<void>
}

/** At most `perSecond` acquisitions per key in any sliding window, across every process sharing the Redis. */
export class RedisRateLimiter implements RateLimiter {
  readonly perSecond: number
  readonly windowMs: number
  private readonly redis: RedisEval
  private readonly prefix: string
  private readonly fallback: RateLimiter
  private readonly onError: (error: unknown) => void
  private readonly sleep: (ms: number) => Promise<void>
  private seq = 0

  constructor(options: RedisRateLimiterOptions) {
    this.perSecond = options.perSecond ?? DEFAULT_PER_SECOND
    if (!Number.isInteger(this.perSecond) || this.perSecond < 1) {
      throw new RangeError(`perSecond must be a positive integer (got ${this.perSecond})`)
    }
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS
    this.redis = options.redis
    this.prefix = options.prefix ?? "smaregi:rate"
    this.fallback = options.fallback ?? new InMemoryRateLimiter({ perSecond: this.perSecond, windowMs: this.windowMs })
    this.onError = options.onError ?? (() => undefined)
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
  }

  async acquire(key: string): Promise<void> {
    const member = `${process.pid}:${Date.now()}:${++this.seq}:${Math.random().toString(36).slice(2)}`
    for (;;) {
      let wait: number
      try {
        wait = Number(
          await this.redis.eval(ACQUIRE_SCRIPT, 1, `${this.prefix}:${this.perSecond}:${key}`, this.windowMs, this.perSecond, member)
        )
      } catch (error) {
        this.onError(error)
        return this.fallback.acquire(key)
      }
      if (wait <= 0) return
      await this.sleep(Math.min(wait, this.windowMs))
    }
  }
}
