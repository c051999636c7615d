import { makeDetail } from "../__fixtures__/rows"
import { buildTransaction } from "../__fixtures__/sales"
import { memberSaleScenario, updateScenario } from "../__fixtures__/scenarios"
import { appliedSale, describeLineChanges, diffForUpdate, type AppliedState } from "../order-diff"
import type { FieldMappingEntry } from "../settings"
import type { SmaregiTransaction } from "../transaction-schema"
import { SETTINGS, saleLines, build, line } from "./order.helpers"

describe("diffForUpdate (IN-16)", () => {
  const original = memberSaleScenario({ id: "3001" })
  const importedState = (tx: SmaregiTransaction): AppliedState => {
    const b = build(tx)
    return { metadata: b.metadata, email: null, sale: appliedSale(tx, saleLines(tx)) }
  }

  it("reports updatable mapped fields that changed, and nothing about lines", () => {
    const next = updateScenario(original, { memo: "包装してください" })
    const diff = diffForUpdate(importedState(original), next, saleLines(next), SETTINGS)
    expect(diff.fields.map((f) => [f.smaregi, f.from, f.to])).toEqual([
      ["memo", null, "包装してください"],
      ["updDateTime", "2026-05-10 14:03:22", "2026-05-10 14:13:22"],
    ])
    expect(diff.metadata).toEqual({ smaregi_memo: "包装してください", smaregi_upd_date_time: "2026-05-10 14:13:22" })
    expect(diff.linesChanged).toBe(false)
    expect(diff.points.changed).toBe(false)
  })

  it("ignores changes of entries that are not updatable", () => {
    const next = updateScenario(original, { head: { terminalTranId: "99" } })
    const diff = diffForUpdate(importedState(original), next, saleLines(next), SETTINGS)
    expect(diff.fields.map((f) => f.smaregi)).not.toContain("terminalTranId")
  })

  it.each<[string, (tx: SmaregiTransaction) => void, string]>([
    ["a changed quantity", (tx) => void (tx.details[0].quantity = "3"), "detail 1 changed (quantity)"],
    ["a changed product", (tx) => void (tx.details[0].productCode = "TSHIRT-WHITE-L"), "detail 1 changed (productCode)"],
    [
      "an added line",
      (tx) => void tx.details.push(makeDetail({ transactionHeadId: "3001", transactionDetailId: "2" })),
      "detail 2 added",
    ],
    ["a changed total", (tx) => void (tx.head.total = "10000"), "amounts changed (total 10900 → 10000)"],
  ])("flags %s", (_name, change, description) => {
    const next = updateScenario(original)
    change(next)
    const diff = diffForUpdate(importedState(original), next, saleLines(next), SETTINGS)
    expect(diff.linesChanged).toBe(true)
    expect(describeLineChanges(diff)).toBe(description)
  })

  it("flags a removed line", () => {
    const two = buildTransaction({ id: "3002", lines: [line("A-NAVY-M", 1000, 1), line("B-NAVY-M", 1000, 1)] })
    const next = updateScenario(two)
    next.details = next.details.slice(0, 1)
    next.head.total = "1000"
    const diff = diffForUpdate(importedState(two), next, saleLines(next), SETTINGS)
    expect(diff.lineChanges).toEqual([{ id: "2", change: "removed", fields: [] }])
  })

  it("reports point changes as sent", () => {
    const next = updateScenario(original, { head: { newPoint: "150", spendPoint: "100" } })
    const diff = diffForUpdate(importedState(original), next, saleLines(next), SETTINGS)
    expect(diff.points).toEqual({ spend: 100, earn: 150, changed: true })
  })

  it("reports a new e-mail from an updatable e-mail mapping", () => {
    const mapping: FieldMappingEntry[] = [{ smaregi: "memo", target: "email", updatable: true }]
    const next = updateScenario(original, { memo: "hanako@example.jp" })
    const diff = diffForUpdate({ metadata: {}, email: "old@example.jp", sale: null }, next, saleLines(next), { fieldMapping: mapping })
    expect(diff.email).toBe("hanako@example.jp")
    expect(diff.fields).toEqual([{ smaregi: "memo", target: "email", from: "old@example.jp", to: "hanako@example.jp" }])
  })

  it("cannot see line changes without the applied sale", () => {
    const next = updateScenario(original)
    next.details[0].quantity = "9"
    expect(diffForUpdate({ metadata: {}, email: null, sale: null }, next, saleLines(next), SETTINGS).linesChanged).toBe(false)
  })
})
