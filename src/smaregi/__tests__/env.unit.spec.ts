import { envMs } from "../env"

describe("envMs", () => {
  const NAME = "SMAREGI_TEST_ENV_MS"
  afterEach(() => {
    delete process.env[NAME]
  })

  it.each<[string | undefined, number | undefined, number]>([
    [undefined, undefined, 500],
    ["", undefined, 500],
    ["   ", undefined, 500],
    ["250", undefined, 250],
    ["0", undefined, 0],
    ["0", 1, 500],
    ["1", 1, 1],
    ["-5", undefined, 500],
    ["10s", undefined, 500],
    ["Infinity", undefined, 500],
    ["1e3", 1, 1000],
    [" 42 ", undefined, 42],
  ])("%p (min %p) → %p", (raw, min, expected) => {
    if (raw !== undefined) process.env[NAME] = raw
    expect(envMs(NAME, 500, min)).toBe(expected)
  })
})
