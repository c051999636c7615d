// Platform app tokens in Redis: every process (server, workers) of a store reuses one token per contract
// instead of each fetching its own; the key expires with the token.
import type { StoredToken, TokenStore } from "./token"

/** The part of an ioredis client the store needs. */
export type RedisTokenClient = {
  get(key: string): Promise<string | null>
  set(key: string, value: string, mode: "PX", ttlMs: number): Promise<unknown>
  del(key: string): Promise<unknown>
}

export type RedisTokenStoreOptions = { redis: RedisTokenClient; now?: () => number }

export class RedisTokenStore implements TokenStore {
  private readonly redis: RedisTokenClient
  private readonly now: () => number

  constructor(options: RedisTokenStoreOptions) {
    this.redis = options.redis
    this.now = options.now ?? Date.now
  }

  async get(key: string): Promise<StoredToken | null> {
    const text = await this.redis.get(key)
    if (text === null) return null
    let token: unknown
    try {
      token = JSON.parse(text)
    } catch {
      return null
    }
    if (!isStoredToken(token) || token.expiresAt <= this.now()) return null
    return token
  }

  async set(key: string, token: StoredToken): Promise<void> {
    const ttlMs = Math.floor(token.expiresAt - this.now())
    if (ttlMs <= 0) return
    await this.redis.set(key, JSON.stringify(token), "PX", ttlMs)
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(key)
  }
}

function isStoredToken(value: unknown): value is StoredToken {
  const t = value as Partial<StoredToken> | null
  return typeof t === "object" && t !== null && typeof t.accessToken === "string" && typeof t.expiresAt === "number" && typeof t.scope === "string"
}
