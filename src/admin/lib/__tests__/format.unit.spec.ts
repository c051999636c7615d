import { formatDateTime, formatSmaregiTime, jstToday } from "../format"

describe("times in the admin are JST with the zone named", () => {
  const originalTz = process.env.TZ
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ
    else process.env.TZ = originalTz
  })

  it.each(["UTC", "America/Los_Angeles", "Asia/Tokyo"])("jstToday in a browser set to %s is the Japanese date", (tz) => {
    process.env.TZ = tz
    expect(jstToday(new Date("2026-12-03T14:59:00Z"))).toBe("2026-12-03")
    expect(jstToday(new Date("2026-12-03T15:00:00Z"))).toBe("2026-12-04")
  })

  it.each(["UTC", "America/Los_Angeles", "Asia/Tokyo"])("formatDateTime in a browser set to %s", (tz) => {
    process.env.TZ = tz
    expect(formatDateTime("2026-12-03T09:05:00.000Z")).toBe("2026-12-03 18:05 JST")
    expect(formatDateTime(new Date("2026-12-31T15:30:00Z"))).toBe("2027-01-01 00:30 JST")
  })

  it.each([
    [null, "—"],
    [undefined, "—"],
    ["", "—"],
    ["not a date", "not a date"],
  ])("formatDateTime(%p) is %p", (value, shown) => {
    expect(formatDateTime(value)).toBe(shown)
  })

  it.each([
    ["2026-05-10 14:03:22", "2026-05-10 14:03 JST"],
    ["2026-05-10 00:00", "2026-05-10 00:00 JST"],
    [null, "—"],
    ["10 May", "10 May"],
  ])("formatSmaregiTime(%p), a JST wall-clock time, is %p", (value, shown) => {
    process.env.TZ = "America/New_York"
    expect(formatSmaregiTime(value)).toBe(shown)
  })
})
