export interface RateLimiter {
  acquire(key: string): Promise<void>
}

export type InMemoryRateLimiterOptions = {
  perSecond?: number
  /** Sliding window length; the default adds 250 ms so jitter cannot squeeze an extra call into Smaregi's second. */
  windowMs?: number
  now?: () => number
  sleep?: (ms: number) => Promise<void>
}

export const DEFAULT_PER_SECOND = 5
// Over a second: a call leaves when its slot opens but reaches Smaregi after event-loop and network delays
// (100 ms was not enough with several busy processes on two cores), so calls spaced one second apart can arrive as one too many.
export const DEFAULT_WINDOW_MS = 1250

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

type KeyState = { starts: number[]; tail: Promise<void>; pending: number }

/** At most `perSecond` acquisitions start in any sliding window per key; waiters are served in FIFO order. */
export class InMemoryRateLimiter implements RateLimiter {
  readonly perSecond: number
  readonly windowMs: number
  private readonly now: () => number
  private readonly sleep: (ms: number) => Promise<void>
  private readonly keys = new Map<string, KeyState>()

  constructor(options: InMemoryRateLimiterOptions = {}) {
    const perSecond = options.perSecond ?? DEFAULT_PER_SECOND
    if (!Number.isInteger(perSecond) || perSecond < 1) {
      throw new RangeError(`perSecond must be a positive integer (got ${perSecond})`)
    }
    this.perSecond = perSecond
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS
    this.now = options.now ?? Date.now
    this.sleep = options.sleep ?? realSleep
  }

  acquire(key: string): Promise<void> {
    let state = this.keys.get(key)
    if (!state) {
      state = { starts: [], tail: Promise.resolve(), pending: 0 }
      this.keys.set(key, state)
    }
    const current = state
    current.pending++
    const turn = current.tail.then(() => this.waitForSlot(current))
    current.tail = turn.catch(() => undefined)
    return turn.finally(() => {
      current.pending--
      if (current.pending === 0 && this.keys.get(key) === current) this.prune(key, current)
    })
  }

  private async waitForSlot(state: KeyState): Promise<void> {
    for (;;) {
      const t = this.now()
      while (state.starts.length > 0 && state.starts[0] <= t - this.windowMs) state.starts.shift()
      if (state.starts.length < this.perSecond) {
        state.starts.push(t)
        return
      }
      await this.sleep(Math.max(1, state.starts[0] + this.windowMs - t))
    }
  }

  private prune(key: string, state: KeyState): void {
    const t = this.now()
    while (state.starts.length > 0 && state.starts[0] <= t - this.windowMs) state.starts.shift()
    if (state.starts.length === 0) this.keys.delete(key)
  }
}

export const unlimitedRateLimiter: RateLimiter = { acquire: () => Promise.resolve() }

export type RateLimiterFactory = (perSecond: number) => RateLimiter

/** One limiter per contract and rate, created on first use and shared by every caller holding this registry. */
export class ContractRateLimiters {
  private readonly limiters = new Map<string, RateLimiter>()

  constructor(private readonly create: RateLimiterFactory = (perSecond) => new InMemoryRateLimiter({ perSecond })) {}

  for(contractId: string, perSecond: number = DEFAULT_PER_SECOND): RateLimiter {
    const key = `${contractId}\u0000${perSecond}`
    let limiter = this.limiters.get(key)
    if (!limiter) {
      limiter = this.create(perSecond)
      this.limiters.set(key, limiter)
    }
    return limiter
  }
}
