import { decodeTime, ulid as referenceUlid } from "ulid"
import { entityId, ulid, ulidTime } from "../ids"

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/

describe("ulid", () => {
  it("is 26 Crockford base32 characters", () => {
    for (let i = 0; i < 1000; i++) expect(ulid()).toMatch(ULID)
  })

  it.each([0, 1, 31, 32, 1_700_000_000_000, Date.UTC(2026, 10, 28), 2 ** 48 - 1])("encodes time %d like the ulid package", (t) => {
    const ours = ulid(t)
    expect(ulidTime(ours)).toBe(t)
    expect(decodeTime(ours)).toBe(t)
    expect(ours.slice(0, 10)).toBe(referenceUlid(t).slice(0, 10))
  })

  it("sorts by time as text", () => {
    const ids = [5, 1_000, 1_700_000_000_000, 1_700_000_000_001].map((t) => ulid(t))
    expect([...ids].sort()).toEqual(ids)
  })

  it("does not repeat across pool refills", () => {
    const seen = new Set<string>()
    for (let i = 0; i < 5000; i++) seen.add(ulid(1))
    expect(seen.size).toBe(5000)
  })

  it("uses every random character", () => {
    const counts = new Map<string, number>()
    for (let i = 0; i < 2000; i++) for (const c of ulid().slice(10)) counts.set(c, (counts.get(c) ?? 0) + 1)
    expect(counts.size).toBe(32)
  })
})

describe("entityId", () => {
  it("has Medusa's <prefix>_<ulid> shape", () => {
    expect(entityId("smreq")).toMatch(/^smreq_[0-9A-HJKMNP-TV-Z]{26}$/)
  })
})
