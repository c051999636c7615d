import { ContractRateLimiters, DEFAULT_WINDOW_MS, InMemoryRateLimiter, type RateLimiter, type ReleaseSlot, unlimitedRateLimiter } from "../rate-limiter"

/** A virtual clock: sleep() parks callers until advance() moves time past their wake-up. */
class FakeClock {
  t = 0
  private sleepers: Array<{ until: number; wake: () => void }> = []
  readonly now = (): number => this.t
  readonly sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.sleepers.push({ until: this.t + ms, wake: resolve })
    })

  async advance(ms: number): Promise<void> {
    const target = this.t + ms
    for (;;) {
      await flush()
      const due = this.sleepers.filter((s) => s.until <= target).sort((a, b) => a.until - b.until)[0]
      if (!due) break
      this.t = Math.max(this.t, due.until)
      this.sleepers = this.sleepers.filter((s) => s !== due)
      due.wake()
    }
    this.t = target
    await flush()
  }
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

type Entry = { key: string; i: number; at?: number; release?: ReleaseSlot }

/** Calls answered the moment they start, unless `hold` is set: then the test releases them through `release`. */
function track(limiter: InMemoryRateLimiter, clock: FakeClock, keys: string[], hold = false): Entry[] {
  const log: Entry[] = keys.map((key, i) => ({ key, i }))
  log.forEach((entry) => {
    void limiter.acquire(entry.key).then((release) => {
      entry.at = clock.t
      if (hold) entry.release = release
      else release()
    })
  })
  return log
}

const fiveHeld = (options: { maxHoldMs?: number } = {}) => {
  const clock = new FakeClock()
  const limiter = new InMemoryRateLimiter({ perSecond: 5, windowMs: 1000, now: clock.now, sleep: clock.sleep, ...options })
  const log = track(limiter, clock, Array.from({ length: 6 }, () => "k"), true)
  return { clock, limiter, log }
}

describe("InMemoryRateLimiter", () => {
  it.each<[number, number, number[]]>([
    [5, 7, [0, 0, 0, 0, 0, 1000, 1000]],
    [2, 5, [0, 0, 1000, 1000, 2000]],
    [1, 3, [0, 1000, 2000]],
  ])("perSecond %i, %i calls at t=0 start at %p", async (perSecond, calls, expected) => {
    const clock = new FakeClock()
    const limiter = new InMemoryRateLimiter({ perSecond, windowMs: 1000, now: clock.now, sleep: clock.sleep })
    const log = track(limiter, clock, Array.from({ length: calls }, () => "contract-a"))
    await clock.advance(5000)
    expect(log.map((e) => e.at)).toEqual(expected)
  })

  it("never lets more than perSecond starts into any sliding window", async () => {
    const clock = new FakeClock()
    const limiter = new InMemoryRateLimiter({ perSecond: 3, windowMs: 1000, now: clock.now, sleep: clock.sleep })
    const starts: number[] = []
    for (const gap of [0, 100, 300, 350, 900, 1000, 1001, 1200, 1250, 1300, 2600]) {
      await clock.advance(gap - clock.t)
      void limiter.acquire("k").then((release) => {
        starts.push(clock.t)
        release()
      })
      await flush()
    }
    await clock.advance(5000)
    expect(starts).toHaveLength(11)
    for (const s of starts) {
      expect(starts.filter((x) => x > s - 1000 && x <= s).length).toBeLessThanOrEqual(3)
    }
  })

  it("serves waiters in FIFO order", async () => {
    const clock = new FakeClock()
    const limiter = new InMemoryRateLimiter({ perSecond: 1, windowMs: 1000, now: clock.now, sleep: clock.sleep })
    const order: number[] = []
    for (let i = 0; i < 5; i++) void limiter.acquire("k").then((release) => (order.push(i), release()))
    await clock.advance(10_000)
    expect(order).toEqual([0, 1, 2, 3, 4])
  })

  it("keeps keys independent", async () => {
    const clock = new FakeClock()
    const limiter = new InMemoryRateLimiter({ perSecond: 1, windowMs: 1000, now: clock.now, sleep: clock.sleep })
    const log = track(limiter, clock, ["a", "b", "a", "b"])
    await clock.advance(3000)
    expect(log.map((e) => [e.key, e.at])).toEqual([
      ["a", 0],
      ["b", 0],
      ["a", 1000],
      ["b", 1000],
    ])
  })

  it("holds a released slot for one second by default", async () => {
    const clock = new FakeClock()
    const limiter = new InMemoryRateLimiter({ perSecond: 1, now: clock.now, sleep: clock.sleep })
    const log = track(limiter, clock, ["k", "k"])
    await clock.advance(3000)
    expect(DEFAULT_WINDOW_MS).toBe(1000)
    expect(log.map((e) => e.at)).toEqual([0, 1000])
  })

  it.each<[string, number[], number]>([
    ["answered after 300 ms", [300], 1300],
    ["answered after 2.5 s, longer than the window", [2500], 3500],
    ["three answered at 400, 700 and 900 ms", [400, 700, 900], 1400],
  ])("a sixth call waits until one of five is released and a full window after (%s)", async (_, releases, expected) => {
    const { clock, log } = fiveHeld()
    await clock.advance(0)
    for (const [n, at] of releases.entries()) {
      await clock.advance(at - clock.t)
      log[n].release?.()
    }
    await clock.advance(10_000)
    expect(log.slice(0, 5).map((e) => e.at)).toEqual([0, 0, 0, 0, 0])
    expect(log[5].at).toBe(expected)
  })

  it("lets no sixth call start while five are in flight, however long they take", async () => {
    const { clock, log } = fiveHeld()
    await clock.advance(30_000)
    expect(log[5].at).toBeUndefined()
    log[2].release?.()
    await clock.advance(999)
    expect(log[5].at).toBeUndefined()
    await clock.advance(1)
    expect(log[5].at).toBe(31_000)
  })

  it.each<[number | undefined, number]>([
    [undefined, 61_000],
    [3000, 4000],
  ])("stops counting a slot never released after maxHoldMs %p + the window", async (maxHoldMs, expected) => {
    const { clock, log } = fiveHeld(maxHoldMs === undefined ? {} : { maxHoldMs })
    await clock.advance(expected - 1)
    expect(log[5].at).toBeUndefined()
    await clock.advance(1)
    expect(log[5].at).toBe(expected)
  })

  it("ignores a second release of the same slot", async () => {
    const clock = new FakeClock()
    const limiter = new InMemoryRateLimiter({ perSecond: 1, windowMs: 1000, now: clock.now, sleep: clock.sleep })
    const log = track(limiter, clock, ["k", "k", "k"], true)
    await clock.advance(100)
    log[0].release?.()
    await clock.advance(800)
    log[0].release?.()
    await clock.advance(300)
    expect(log.map((e) => e.at)).toEqual([0, 1100, undefined])
    log[0].release?.()
    await clock.advance(5000)
    expect(log[2].at).toBeUndefined()
    log[1].release?.()
    await clock.advance(1000)
    expect(log[2].at).toBe(7200)
  })

  it("serves held waiters in FIFO order whichever slot is released first", async () => {
    const clock = new FakeClock()
    const limiter = new InMemoryRateLimiter({ perSecond: 2, windowMs: 1000, now: clock.now, sleep: clock.sleep })
    const log = track(limiter, clock, ["k", "k", "k", "k", "k"], true)
    await clock.advance(0)
    log[1].release?.()
    await clock.advance(1000)
    log[2].release?.()
    log[0].release?.()
    await clock.advance(1000)
    expect(log.map((e) => e.at)).toEqual([0, 0, 1000, 2000, 2000])
  })

  it("wakes a waiter on the release with the real clock, not after the longest hold", async () => {
    const limiter = new InMemoryRateLimiter({ perSecond: 1, windowMs: 50 })
    const first = await limiter.acquire("k")
    const started = Date.now()
    setTimeout(first, 100)
    const second = await limiter.acquire("k")
    second()
    const waited = Date.now() - started
    expect(waited).toBeGreaterThanOrEqual(140)
    expect(waited).toBeLessThan(1000)
  })

  it.each([0, -1, 1.5])("rejects perSecond %p", (perSecond) => {
    expect(() => new InMemoryRateLimiter({ perSecond })).toThrow(RangeError)
  })
})

describe("ContractRateLimiters", () => {
  it("hands every caller of one registry the same limiter per contract and rate, a new one otherwise", () => {
    const limiters = new ContractRateLimiters()
    const a = limiters.for("contract-a")
    expect(limiters.for("contract-a", 5)).toBe(a)
    expect((a as InMemoryRateLimiter).perSecond).toBe(5)
    const nine = limiters.for("contract-a", 9)
    expect(nine).not.toBe(a)
    expect((nine as InMemoryRateLimiter).perSecond).toBe(9)
    expect(limiters.for("contract-b")).not.toBe(a)
    expect(new ContractRateLimiters().for("contract-a")).not.toBe(a)
  })

  it("paces two callers of one contract together", async () => {
    const clock = new FakeClock()
    const limiters = new ContractRateLimiters((perSecond) => new InMemoryRateLimiter({ perSecond, windowMs: 1000, now: clock.now, sleep: clock.sleep }))
    const starts: number[] = []
    const call = (limiter: RateLimiter) => limiter.acquire("contract-a").then((release) => (starts.push(clock.t), release()))
    const done = Promise.all([call(limiters.for("contract-a", 1)), call(limiters.for("contract-a", 1))])
    await clock.advance(2000)
    await done
    expect(starts).toEqual([0, 1000])
  })

  it("builds its limiters with the factory it was given, once each", () => {
    const made: number[] = []
    const limiters = new ContractRateLimiters((perSecond) => {
      made.push(perSecond)
      return unlimitedRateLimiter
    })
    limiters.for("c", 3)
    limiters.for("c", 3)
    limiters.for("d", 3)
    expect(made).toEqual([3, 3])
  })
})
