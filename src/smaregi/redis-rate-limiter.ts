import { DEFAULT_MAX_HOLD_MS, DEFAULT_PER_SECOND, DEFAULT_WINDOW_MS, InMemoryRateLimiter, type RateLimiter, type ReleaseSlot } from "./rate-limiter"

/** The part of an ioredis client the limiter needs. */
export type RedisEval = { eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown> }

// One sorted set per key, scored by when each slot stops counting once a window is added: start + maxHold while
// in flight, the release time after. Redis' own clock, so processes on several hosts agree.
const ACQUIRE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local hold = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now + hold, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], hold + window)
  return 0
end
local answered = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'WITHSCORES', 'LIMIT', 0, 1)
if answered[2] then
  return math.max(1, tonumber(answered[2]) + window - now)
end
return tonumber(ARGV[5])
`

const RELEASE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return 0
`

// Every slot is in flight and its release is announced nowhere, so waiters look again this often.
const IN_FLIGHT_POLL_MS = 25

export type RedisRateLimiterOptions = {
  redis: RedisEval
  perSecond?: number
  /** How long a slot counts after its release. */
  windowMs?: number
  /** A slot never released counts until start + maxHoldMs + windowMs. */
  maxHoldMs?: number
  prefix?: string
  /** Used while Redis does not answer, so calls slow down instead of stopping. */
  fallback?: RateLimiter
  onError?: (error: unknown) => void
  sleep?: (ms: number) => Promise<void>
}

/**
 * At most `perSecond` slots per key across every process sharing the Redis, a slot lasting from acquire until
 * `windowMs` after its release.
 */
export class RedisRateLimiter implements RateLimiter {
  readonly perSecond: number
  readonly windowMs: number
  readonly maxHoldMs: number
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
    this.maxHoldMs = options.maxHoldMs ?? DEFAULT_MAX_HOLD_MS
    this.redis = options.redis
    this.prefix = options.prefix ?? "smaregi:rate"
    this.fallback =
      options.fallback ?? new InMemoryRateLimiter({ perSecond: this.perSecond, windowMs: this.windowMs, maxHoldMs: this.maxHoldMs })
    this.onError = options.onError ?? (() => undefined)
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
  }

  async acquire(key: string): Promise<ReleaseSlot> {
    const member = `${process.pid}:${Date.now()}:${++this.seq}:${Math.random().toString(36).slice(2)}`
    const redisKey = `${this.prefix}:${this.perSecond}:${key}`
    for (;;) {
      let wait: number
      try {
        wait = Number(
          await this.redis.eval(ACQUIRE_SCRIPT, 1, redisKey, this.windowMs, this.perSecond, member, this.maxHoldMs, IN_FLIGHT_POLL_MS)
        )
      } catch (error) {
        this.onError(error)
        return this.fallback.acquire(key)
      }
      if (wait <= 0) return this.releaser(redisKey, member)
      await this.sleep(Math.min(wait, this.windowMs))
    }
  }

  private releaser(redisKey: string, member: string): ReleaseSlot {
    let released = false
    return () => {
      if (released) return
      released = true
      void Promise.resolve()
        .then(() => this.redis.eval(RELEASE_SCRIPT, 1, redisKey, member, this.maxHoldMs + this.windowMs))
        .catch((error: unknown) => this.onError(error))
    }
  }
}
