import { parseExpression } from "cron-parser"
import { dailyCronAtJst } from "../jst-schedule"

describe("dailyCronAtJst", () => {
  it.each([
    // [hour, minute, server getTimezoneOffset(), expected cron]
    [0, 15, -540, "15 0 * * *"], // server in Asia/Tokyo
    [0, 15, 0, "15 15 * * *"], // server in UTC: the day before, 15:15
    [0, 30, 0, "30 15 * * *"],
    [0, 15, 300, "15 10 * * *"], // America/New_York in winter (UTC-5)
    [0, 15, -330, "45 20 * * *"], // Asia/Kolkata (UTC+5:30)
    [0, 30, -600, "30 1 * * *"], // Australia/Brisbane (UTC+10): an hour after Tokyo
    [23, 59, 0, "59 14 * * *"],
  ])("%i:%i JST on a server at offset %i is %s", (hour, minute, offset, cron) => {
    expect(dailyCronAtJst(hour, minute, offset)).toBe(cron)
  })

  it.each([
    [24, 0, 0, "hour must be an integer 0-23, got 24"],
    [0, 60, 0, "minute must be an integer 0-59, got 60"],
    [1.5, 0, 0, "hour must be an integer 0-23, got 1.5"],
    [0, 0, 2000, "serverOffsetMinutes must be a whole number of minutes within ±16 h, got 2000"],
  ])("refuses %s:%s at offset %s", (hour, minute, offset, message) => {
    expect(() => dailyCronAtJst(hour, minute, offset)).toThrow(message)
  })
})

describe("daily points jobs fire at their JST times", () => {
  const nextRun = (schedule: string) =>
    // Medusa's in-memory engine reads the cron with cron-parser in the server's local zone, as done here.
    parseExpression(schedule, { currentDate: new Date("2026-12-03T03:00:00Z") }).next().toDate().toISOString()

  it.each([
    ["expire-points", () => require("../../jobs/expire-points").config.schedule as string, "2026-12-03T15:15:00.000Z"],
    ["recompute-ranks", () => require("../../jobs/recompute-ranks").config.schedule as string, "2026-12-03T15:30:00.000Z"],
  ])("the %s job's schedule runs at 00:xx JST on this server", (_name, schedule, utc) => {
    expect(nextRun(schedule())).toBe(utc)
  })

  describe("whatever the server's zone", () => {
    const originalTz = process.env.TZ
    afterEach(() => {
      if (originalTz === undefined) delete process.env.TZ
      else process.env.TZ = originalTz
    })

    it.each(["UTC", "Asia/Tokyo", "America/Los_Angeles", "Europe/Berlin", "Asia/Kolkata", "Pacific/Chatham"])(
      "on a server in %s, 00:15 JST is 15:15 UTC",
      (tz) => {
        process.env.TZ = tz
        expect(nextRun(dailyCronAtJst(0, 15))).toBe("2026-12-03T15:15:00.000Z")
      }
    )
  })
})
