import { asValue } from "@medusajs/framework/awilix"
import type { LoaderOptions } from "@medusajs/framework/types"
import type { SmaregiModuleOptions } from "../types"

/** The module container key of the Redis client shared by the module's rate limiters (null without Redis). */
export const SMAREGI_REDIS = "smaregiRedis"

export function smaregiRedisUrl(): string | null {
  return process.env.SMAREGI_REDIS_URL || process.env.REDIS_URL || null
}

/**
 * Connects to SMAREGI_REDIS_URL (or REDIS_URL) when set, so every server and worker of a store paces a contract's
 * Smaregi calls together; without it the limits hold per process.
 */
export default async function redisLoader({ container, logger }: LoaderOptions<SmaregiModuleOptions>) {
  const url = smaregiRedisUrl()
  if (!url) {
    container.register(SMAREGI_REDIS, asValue(null))
    return
  }
  const { Redis } = await import("ioredis")
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: false })
  let warned = false
  redis.on("error", (error: unknown) => {
    if (warned) return
    warned = true
    logger?.warn(`smaregi: Redis at ${new URL(url).host} unavailable, limiting Smaregi calls per process: ${String(error)}`)
  })
  redis.on("ready", () => {
    warned = false
  })
  container.register(SMAREGI_REDIS, asValue(redis))
}
