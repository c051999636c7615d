import {
  headIdRanges,
  isJstDate,
  jstDateRange,
  jstDateTime,
  nextWatermark,
  pullWindows,
  wallClockMs,
  windowCondition,
} from "../reconcile-windows"

describe("pullWindows", () => {
  it.each<[string, string, string, Array<[string, string]>]>([
    ["empty when from = to", "2026-05-01 00:00:00", "2026-05-01 00:00:00", []],
    ["empty when from > to", "2026-05-02 00:00:00", "2026-05-01 00:00:00", []],
    ["one short window", "2026-05-01 10:00:00", "2026-05-01 10:15:00", [["2026-05-01 10:00:00", "2026-05-01 10:15:00"]]],
    ["exactly 31 days: one window", "2026-01-01 00:00:00", "2026-02-01 00:00:00", [["2026-01-01 00:00:00", "2026-02-01 00:00:00"]]],
    [
      "31 days and a second: two windows",
      "2026-01-01 00:00:00",
      "2026-02-01 00:00:01",
      [
        ["2026-01-01 00:00:00", "2026-02-01 00:00:00"],
        ["2026-02-01 00:00:00", "2026-02-01 00:00:01"],
      ],
    ],
    [
      "70 days behind: three windows (31, 31, 8)",
      "2026-01-01 12:00:00",
      "2026-03-12 12:00:00",
      [
        ["2026-01-01 12:00:00", "2026-02-01 12:00:00"],
        ["2026-02-01 12:00:00", "2026-03-04 12:00:00"],
        ["2026-03-04 12:00:00", "2026-03-12 12:00:00"],
      ],
    ],
    [
      "across a leap day and a year end",
      "2027-12-20 00:00:00",
      "2028-03-01 00:00:00",
      [
        ["2027-12-20 00:00:00", "2028-01-20 00:00:00"],
        ["2028-01-20 00:00:00", "2028-02-20 00:00:00"],
        ["2028-02-20 00:00:00", "2028-03-01 00:00:00"],
      ],
    ],
  ])("%s", (_name, from, to, expected) => {
    expect(pullWindows(from, to).map((w) => [w.from, w.to])).toEqual(expected)
  })

  it("never makes a window longer than 31 days", () => {
    const windows = pullWindows("2025-01-01 00:00:00", "2026-12-31 23:59:59")
    for (const w of windows) expect(wallClockMs(w.to)! - wallClockMs(w.from)!).toBeLessThanOrEqual(31 * 86_400_000)
    expect(windows[0].from).toBe("2025-01-01 00:00:00")
    expect(windows[windows.length - 1].to).toBe("2026-12-31 23:59:59")
    windows.slice(1).forEach((w, i) => expect(w.from).toBe(windows[i].to))
  })

  it.each<[string, string, number, RegExp]>([
    ["2026-05-01", "2026-05-02 00:00:00", 31, /from is not/],
    ["2026-02-30 00:00:00", "2026-03-02 00:00:00", 31, /from is not/],
    ["2026-05-01 00:00:00", "tomorrow", 31, /to is not/],
    ["2026-05-01 00:00:00", "2026-05-02 00:00:00", 32, /days must be 1–31/],
  ])("refuses %s … %s (%d days)", (from, to, days, message) => {
    expect(() => pullWindows(from, to, days)).toThrow(message)
  })
})

describe("windowCondition", () => {
  it("is one closed range on one field", () => {
    expect(windowCondition("updDateTime", { from: "2026-05-01 00:00:00", to: "2026-05-02 00:00:00" })).toEqual({
      "updDateTime >=": "2026-05-01 00:00:00",
      "updDateTime <": "2026-05-02 00:00:00",
    })
  })
})

describe("JST dates", () => {
  it.each<[string, string, [string, string] | RegExp]>([
    ["2026-05-01", "2026-05-01", ["2026-05-01 00:00:00", "2026-05-02 00:00:00"]],
    ["2026-01-01", "2026-03-11", ["2026-01-01 00:00:00", "2026-03-12 00:00:00"]],
    ["2026-12-31", "2026-12-31", ["2026-12-31 00:00:00", "2027-01-01 00:00:00"]],
    ["2026-05-02", "2026-05-01", /from \(2026-05-02\) is after to \(2026-05-01\)/],
    ["2026-02-29", "2026-03-01", /from: not a date/],
    ["2026-05-01", "2026/05/02", /to: not a date/],
  ])("%s … %s", (from, to, expected) => {
    if (expected instanceof RegExp) expect(() => jstDateRange(from, to)).toThrow(expected)
    else expect(jstDateRange(from, to)).toEqual({ from: expected[0], to: expected[1] })
  })

  it.each<[string, boolean]>([
    ["2028-02-29", true],
    ["2026-02-29", false],
    ["2026-13-01", false],
    ["2026-5-1", false],
    ["2026-05-01 00:00:00", false],
  ])("isJstDate(%s) = %s", (value, ok) => expect(isJstDate(value)).toBe(ok))

  it("formats an instant in JST", () => {
    expect(jstDateTime(new Date("2026-05-01T15:30:00Z"))).toBe("2026-05-02 00:30:00")
  })
})

describe("nextWatermark", () => {
  const now = "2026-05-10 12:00:00"
  const settleMs = 2 * 86_400_000
  it.each<[string, string | null, [string, string], string | null, string | null]>([
    ["a past window moves it to the window's end", "2026-03-01 12:00:00", ["2026-03-01 12:00:00", "2026-04-01 12:00:00"], null, "2026-04-01 12:00:00"],
    ["a head in a past window does not hold it back", "2026-03-01 12:00:00", ["2026-03-01 12:00:00", "2026-04-01 12:00:00"], "2026-03-05 00:00:00", "2026-04-01 12:00:00"],
    ["the window ending now: to the newest head", "2026-05-09 00:00:00", ["2026-05-09 00:00:00", now], "2026-05-10 11:30:00", "2026-05-10 11:30:00"],
    ["the window ending now, no heads: to now minus the settle time", "2026-04-01 12:00:00", ["2026-04-01 12:00:00", now], null, "2026-05-08 12:00:00"],
    ["the window ending now, no heads, recent watermark: unchanged", "2026-05-10 11:00:00", ["2026-05-10 11:00:00", now], null, "2026-05-10 11:00:00"],
    ["never backwards", "2026-05-10 11:00:00", ["2026-03-01 00:00:00", "2026-04-01 00:00:00"], "2026-03-02 00:00:00", "2026-05-10 11:00:00"],
    ["a window after a gap leaves it alone", "2026-03-01 00:00:00", ["2026-03-05 00:00:00", "2026-04-05 00:00:00"], "2026-03-06 00:00:00", "2026-03-01 00:00:00"],
    ["no watermark: stays unset", null, ["2026-03-05 00:00:00", "2026-04-05 00:00:00"], "2026-03-06 00:00:00", null],
  ])("%s", (_name, watermark, [from, to], newestHead, expected) => {
    expect(nextWatermark({ watermark, window: { from, to }, newestHead, now, settleMs })).toBe(expected)
  })
})

describe("headIdRanges", () => {
  it.each<[string, string[], number, Array<Record<string, string>>]>([
    ["none", [], 100_000, []],
    ["one id: equality", ["42"], 100_000, [{ transactionHeadId: "42" }]],
    ["consecutive ids: one range", ["3", "1", "2"], 100_000, [{ "transactionHeadId >=": "1", "transactionHeadId <=": "3" }]],
    ["duplicates count once", ["7", "7"], 100_000, [{ transactionHeadId: "7" }]],
    ["a span of exactly 100,000 is one range", ["1", "100001"], 100_000, [{ "transactionHeadId >=": "1", "transactionHeadId <=": "100001" }]],
    ["a wider span splits", ["1", "100002"], 100_000, [{ transactionHeadId: "1" }, { transactionHeadId: "100002" }]],
    [
      "numeric, not text, order and a smaller span",
      ["10", "9", "1000", "1001", "2500"],
      1000,
      [{ "transactionHeadId >=": "9", "transactionHeadId <=": "1001" }, { transactionHeadId: "2500" }],
    ],
  ])("%s", (_name, ids, span, expected) => {
    expect(headIdRanges(ids, span).map((r) => r.condition)).toEqual(expected)
  })

  it("keeps the ids each lookup is for", () => {
    expect(headIdRanges(["5", "3", "9000"], 1000)).toEqual([
      { ids: ["3", "5"], condition: { "transactionHeadId >=": "3", "transactionHeadId <=": "5" } },
      { ids: ["9000"], condition: { transactionHeadId: "9000" } },
    ])
  })

  it("refuses an id that is not a number", () => {
    expect(() => headIdRanges(["12a"])).toThrow(/not a transactionHeadId: "12a"/)
  })
})
