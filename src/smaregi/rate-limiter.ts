/** Ends a slot: it counts for one more window from the moment this is called. Calling it again does nothing. */
export type ReleaseSlot = () => void

export interface RateLimiter {
  /** Resolves when a slot is free; call the returned function once the call was answered or failed. */
  acquire(key: string): Promise<ReleaseSlot>
}

export type InMemoryRateLimiterOptions = {
  perSecond?: number
  /** How long a slot counts after its release. */
  windowMs?: number
  /** A slot never released counts until start + maxHoldMs + windowMs. */
  maxHoldMs?: number
  now?: () => number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

export const DEFAULT_PER_SECOND = 5
// A call reaches Smaregi between its start and its answer, so a slot held until one second after the answer bounds arrivals exactly.
export const DEFAULT_WINDOW_MS = 1000
export const DEFAULT_MAX_HOLD_MS = 60_000

export const releaseNothing: ReleaseSlot = () => undefined

const realSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done(): void {
      clearTimeout(timer)
      signal?.removeEventListener("abort", done)
      resolve()
    }
    signal?.addEventListener("abort", done, { once: true })
  })

type Slot = { start: number; end: number | undefined }

type KeyState = { slots: Slot[]; tail: Promise<unknown>; pending: number; released: Promise<void>; wake: () => void }

/**
 * At most `perSecond` slots per key, a slot lasting from acquire until `windowMs` after its release;
 * waiters are served in FIFO order.
 */
export class InMemoryRateLimiter implements RateLimiter {
  readonly perSecond: number
  readonly windowMs: number
  readonly maxHoldMs: number
  private readonly now: () => number
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  private readonly keys = new Map<string, KeyState>()

  constructor(options: InMemoryRateLimiterOptions = {}) {
    const perSecond = options.perSecond ?? DEFAULT_PER_SECOND
    if (!Number.isInteger(perSecond) || perSecond < 1) {
      throw new RangeError(`perSecond must be a positive integer (got ${perSecond})`)
    }
    this.perSecond = perSecond
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS
    this.maxHoldMs = options.maxHoldMs ?? DEFAULT_MAX_HOLD_MS
    this.now = options.now ?? Date.now
    this.sleep = options.sleep ?? realSleep
  }

  acquire(key: string): Promise<ReleaseSlot> {
    let state = this.keys.get(key)
    if (!state) {
      state = { slots: [], tail: Promise.resolve(), pending: 0, released: Promise.resolve(), wake: () => undefined }
      this.rearm(state)
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

  private rearm(state: KeyState): void {
    state.released = new Promise((resolve) => {
      state.wake = resolve
    })
  }

  private expiry(slot: Slot): number {
    return slot.end === undefined ? slot.start + this.maxHoldMs + this.windowMs : slot.end + this.windowMs
  }

  private dropExpired(state: KeyState, t: number): void {
    state.slots = state.slots.filter((slot) => this.expiry(slot) > t)
  }

  private async waitForSlot(state: KeyState): Promise<ReleaseSlot> {
    for (;;) {
      const t = this.now()
      this.dropExpired(state, t)
      if (state.slots.length < this.perSecond) {
        const slot: Slot = { start: t, end: undefined }
        state.slots.push(slot)
        return () => {
          if (slot.end !== undefined) return
          slot.end = this.now()
          const wake = state.wake
          this.rearm(state)
          wake()
        }
      }
      const earliest = Math.min(...state.slots.map((slot) => this.expiry(slot)))
      const stop = new AbortController()
      await Promise.race([this.sleep(Math.max(1, earliest - t), stop.signal), state.released])
      stop.abort()
    }
  }

  private prune(key: string, state: KeyState): void {
    this.dropExpired(state, this.now())
    if (state.slots.length === 0) this.keys.delete(key)
  }
}

export const unlimitedRateLimiter: RateLimiter = { acquire: () => Promise.resolve(releaseNothing) }

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
