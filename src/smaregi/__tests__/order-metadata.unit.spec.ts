import { makeHead } from "../__fixtures__/rows"
import { saleScenario } from "../__fixtures__/scenarios"
import { jstToIso, mapOrderFields } from "../order-metadata"
import { DEFAULT_ORDER_FIELD_MAPPING, type FieldMappingEntry } from "../settings"
import { build, withHead } from "./order.helpers"

describe("jstToIso", () => {
  it.each<[string | null | undefined, string | null]>([
    ["2026-05-10 14:03:20", "2026-05-10T05:03:20.000Z"],
    ["2026/05/10 14:03", "2026-05-10T05:03:00.000Z"],
    ["2026-05-10", "2026-05-09T15:00:00.000Z"],
    ["2026-02-30 10:00:00", null],
    ["2026-05-10 24:00:00", null],
    ["10/05/2026", null],
    ["", null],
    [null, null],
    [undefined, null],
  ])("%s → %s", (input, output) => {
    expect(jstToIso(input)).toBe(output)
  })
})

describe("mapOrderFields (受注連携項目マッピング)", () => {
  const head = makeHead({ memo: "ギフト包装", staffName: "山田 太郎", customerCode: null })

  it("maps the default entries into metadata, null when Smaregi sent nothing", () => {
    const { metadata, email } = mapOrderFields(head, DEFAULT_ORDER_FIELD_MAPPING)
    expect(metadata).toMatchObject({ smaregi_memo: "ギフト包装", smaregi_staff_name: "山田 太郎", smaregi_customer_code: null })
    expect(Object.keys(metadata)).toHaveLength(DEFAULT_ORDER_FIELD_MAPPING.length)
    expect(email).toBeNull()
  })

  it("leaves unset values out of the created order", () => {
    const b = build(withHead(saleScenario(), { memo: null }))
    expect(b.metadata).not.toHaveProperty("smaregi_memo")
    expect(b.metadata).toHaveProperty("smaregi_staff_name", "山田 太郎")
  })

  it.each<[string, FieldMappingEntry[], Record<string, string | null>, string | null]>([
    ["a custom key", [{ smaregi: "receiptMemo", target: "metadata.receipt", updatable: true }], { receipt: "領収書" }, null],
    ["an e-mail target", [{ smaregi: "memo", target: "email", updatable: true }], {}, "taro@example.jp"],
    ["an unknown field", [{ smaregi: "noSuchField", target: "metadata.x", updatable: true }], { x: null }, null],
  ])("%s", (_name, mapping, metadata, email) => {
    const h = makeHead({ receiptMemo: "領収書", memo: "taro@example.jp" })
    expect(mapOrderFields(h, mapping)).toEqual({ metadata, email })
  })

  it("ignores a mapped e-mail that is not an address", () => {
    expect(mapOrderFields(makeHead({ memo: "not-mail" }), [{ smaregi: "memo", target: "email", updatable: true }]).email).toBeNull()
  })

  it("updatableOnly keeps only updatable entries", () => {
    const { metadata } = mapOrderFields(head, DEFAULT_ORDER_FIELD_MAPPING, { updatableOnly: true })
    expect(metadata).not.toHaveProperty("smaregi_terminal_id")
    expect(metadata).toHaveProperty("smaregi_memo", "ギフト包装")
    expect(metadata).toHaveProperty("smaregi_cancel_date_time", null)
  })
})
