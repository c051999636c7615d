export type WindowVerdict = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number }

/**
 * At most `limit` hits per key in each fixed window of `windowMs` (per process). Keys whose window has
 * passed are dropped once more than `maxKeys` are held, so the map stays bounded.
 */
export class WindowCounter {
  private readonly windows = new Map<string, { start: number; count: number }>()

  constructor(
    readonly windowMs = 60_000,
    readonly maxKeys = 10_000,
    private readonly now: () => number = Date.now
  ) {}

  get size(): number {
    return this.windows.size
  }

  hit(key: string, limit: number): WindowVerdict {
    const now = this.now()
    let window = this.windows.get(key)
    if (!window || now - window.start >= this.windowMs) {
      if (!window && this.windows.size >= this.maxKeys) this.prune(now)
      window = { start: now, count: 0 }
      this.windows.set(key, window)
    }
    if (window.count >= limit) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000)) }
    }
    window.count++
    return { allowed: true, remaining: limit - window.count }
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) if (now - window.start >= this.windowMs) this.windows.delete(key)
    // Every window still open: forget the oldest rather than grow without bound.
    while (this.windows.size >= this.maxKeys) this.windows.delete(this.windows.keys().next().value!)
  }
}

/** Barcode requests a customer may make per minute (per server process) by default. */
export const DEFAULT_BARCODE_RATE_LIMIT = 60

/** Requests per minute per customer from the plugin option, else the env value, else 60; 0 switches the limit off. */
export function resolveBarcodeRateLimit(...candidates: unknown[]): number {
  for (const value of candidates) {
    const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value
    if (typeof n === "number" && Number.isInteger(n) && n >= 0) return n
  }
  return DEFAULT_BARCODE_RATE_LIMIT
}
