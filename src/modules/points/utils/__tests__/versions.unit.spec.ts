import { compareVersions } from "../versions"

describe("compareVersions", () => {
  it.each([
    ["Smaregi updDateTime, later", "2026-05-10 15:00:00", "2026-05-10 14:03:22", 1],
    ["Smaregi updDateTime, earlier", "2026-05-09 23:59:59", "2026-05-10 00:00:00", -1],
    ["same updDateTime", "2026-05-10 14:03:22", "2026-05-10 14:03:22", 0],
    ["ISO with offsets, same instant", "2026-05-10T14:00:00+09:00", "2026-05-10T05:00:00Z", 0],
    ["ISO with offsets, later instant", "2026-05-10T14:00:01+09:00", "2026-05-10T05:00:00Z", 1],
    ["numbers numerically, not as text", "10", "9", 1],
    ["numbers equal", "2", "2.0", 0],
    ["plain text", "b", "a", 1],
  ])("%s", (_name, a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected)
    expect(compareVersions(b, a)).toBe(-expected || 0)
  })
})
