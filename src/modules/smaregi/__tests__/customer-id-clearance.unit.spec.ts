import { CustomerIdRecords } from "../repositories/customer-ids"

const noSql = async (): Promise<never> => {
  throw new Error("no SQL expected")
}

describe("CustomerIdRecords: ids a customer_ref found unused (OUT-11 look-ahead)", () => {
  const at = 1_000_000
  it.each([
    ["inside the look, fresh", [1001, 1500, 6000], 10_000, at + 9_999, true],
    ["the look's age equal to the clearance", [1001], 10_000, at + 10_000, true],
    ["older than the clearance", [1001], 10_000, at + 10_001, false],
    ["one id above the look", [5999, 6001], 10_000, at + 1, false],
    ["one id below the look", [1000, 1001], 10_000, at + 1, false],
    ["clearance 0: always look", [1001], 0, at, false],
    ["no ids", [], 10_000, at, false],
  ])("%s", (_what, ids, maxAgeMs, now, cleared) => {
    const records = new CustomerIdRecords(noSql)
    records.noteIdsUnused("conn_1", 1001, 6000, at)
    expect(records.idsShownUnused("conn_1", ids, maxAgeMs, now)).toBe(cleared)
  })

  it("keeps looks per connection, the latest replacing the one before", () => {
    const records = new CustomerIdRecords(noSql)
    records.noteIdsUnused("conn_1", 1001, 6000, at)
    expect(records.idsShownUnused("conn_2", [1001], 10_000, at)).toBe(false)
    records.noteIdsUnused("conn_1", 7001, 12000, at + 5)
    expect(records.idsShownUnused("conn_1", [1001], 10_000, at + 5)).toBe(false)
    expect(records.idsShownUnused("conn_1", [7001, 12000], 10_000, at + 5)).toBe(true)
  })
})

describe("CustomerIdRecords: the look in flight", () => {
  const deferred = () => {
    let resolve!: () => void
    let reject!: (e: Error) => void
    const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)))
    return { promise, resolve, reject }
  }
  const settledFlag = (p: Promise<unknown>) => {
    const state = { settled: false }
    void p.then(() => (state.settled = true))
    return state
  }
  const ticks = () => new Promise((r) => setImmediate(r))

  it("a check waits for the connection's look in flight and then sees what it found", async () => {
    const records = new CustomerIdRecords(noSql)
    const answer = deferred()
    const looked = records.look("conn_1", async () => {
      await answer.promise
      records.noteIdsUnused("conn_1", 1001, 11000, 5)
      return "rows"
    })
    const waiting = settledFlag(records.lookAnswered("conn_1"))
    const other = settledFlag(records.lookAnswered("conn_2"))
    await ticks()
    expect(waiting.settled).toBe(false)
    expect(other.settled).toBe(true)

    answer.resolve()
    await expect(looked).resolves.toBe("rows")
    await ticks()
    expect(waiting.settled).toBe(true)
    expect(records.idsShownUnused("conn_1", [5001], 10_000, 10)).toBe(true)
    await expect(records.lookAnswered("conn_1")).resolves.toBeUndefined()
  })

  it("a failed look fails its caller and releases the checks waiting for it", async () => {
    const records = new CustomerIdRecords(noSql)
    const answer = deferred()
    const looked = records.look("conn_1", () => answer.promise)
    const waiting = records.lookAnswered("conn_1")
    answer.reject(new Error("customer_ref: 503"))
    await expect(looked).rejects.toThrow("customer_ref: 503")
    await expect(waiting).resolves.toBeUndefined()
    expect(records.idsShownUnused("conn_1", [1001], 10_000, 0)).toBe(false)
  })

  it("a later look replaces the earlier one as the look to wait for", async () => {
    const records = new CustomerIdRecords(noSql)
    const first = deferred()
    const second = deferred()
    const a = records.look("conn_1", () => first.promise)
    const b = records.look("conn_1", () => second.promise)
    first.resolve()
    await a
    const waiting = settledFlag(records.lookAnswered("conn_1"))
    await ticks()
    expect(waiting.settled).toBe(false)
    second.resolve()
    await b
    await ticks()
    expect(waiting.settled).toBe(true)
  })
})
