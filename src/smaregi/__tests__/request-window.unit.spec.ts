import { DEFAULT_BARCODE_RATE_LIMIT, WindowCounter, resolveBarcodeRateLimit } from "../request-window"

describe("WindowCounter", () => {
  const clock = () => {
    let t = 1_000_000
    return { now: () => t, advance: (ms: number) => (t += ms) }
  }

  it("allows `limit` hits per key per window, then answers when to retry", () => {
    const c = clock()
    const counter = new WindowCounter(60_000, 100, c.now)
    expect([1, 2, 3].map(() => counter.hit("cus_a", 3))).toEqual([
      { allowed: true, remaining: 2 },
      { allowed: true, remaining: 1 },
      { allowed: true, remaining: 0 },
    ])
    expect(counter.hit("cus_a", 3)).toEqual({ allowed: false, retryAfterSeconds: 60 })
    c.advance(59_001)
    expect(counter.hit("cus_a", 3)).toEqual({ allowed: false, retryAfterSeconds: 1 })
    // Another key has its own window.
    expect(counter.hit("cus_b", 3)).toEqual({ allowed: true, remaining: 2 })
    c.advance(999)
    expect(counter.hit("cus_a", 3)).toEqual({ allowed: true, remaining: 2 })
  })

  it("stays bounded: passed windows are dropped first, then the oldest open ones", () => {
    const c = clock()
    const counter = new WindowCounter(1000, 3, c.now)
    counter.hit("a", 1)
    counter.hit("b", 1)
    c.advance(1000)
    counter.hit("c", 1)
    counter.hit("d", 1)
    expect(counter.size).toBe(2)
    counter.hit("e", 1)
    counter.hit("f", 1)
    expect(counter.size).toBe(3)
    // "c" was the oldest open window and was forgotten: it may hit again.
    expect(counter.hit("f", 1)).toEqual({ allowed: false, retryAfterSeconds: 1 })
  })
})

describe("resolveBarcodeRateLimit", () => {
  it.each<[string, unknown[], number]>([
    ["nothing configured", [undefined, undefined], DEFAULT_BARCODE_RATE_LIMIT],
    ["the plugin option wins", [10, "20"], 10],
    ["env value", [undefined, "20"], 20],
    ["0 switches it off", [0, "20"], 0],
    ["env 0", [undefined, "0"], 0],
    ["invalid values ignored", [-1, "many"], DEFAULT_BARCODE_RATE_LIMIT],
    ["fractions ignored", [1.5, " "], DEFAULT_BARCODE_RATE_LIMIT],
  ])("%s", (_name, candidates, expected) => {
    expect(resolveBarcodeRateLimit(...candidates)).toBe(expected)
  })
})
