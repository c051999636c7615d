import { makeDetail, makeHead } from "../__fixtures__/rows"
import { buildTransaction, departmentLine } from "../__fixtures__/sales"
import {
  cancelScenario,
  memberSaleScenario,
  multiLineScenario,
  nonSalesScenario,
  returnCancelPair,
  returnLinesScenario,
  saleScenario,
  updateScenario,
} from "../__fixtures__/scenarios"
import {
  classify,
  compareUpdDateTime,
  detailKind,
  normaliseDateTime,
  SKIP_REASONS,
  skipMessage,
  TRANSACTION_HEAD_DIVISIONS,
  unknownDivisionMessage,
  type ClassifyOptions,
  type DetailKind,
  type ImportMode,
  type KnownTransaction,
  type SkipReason,
} from "../classify"
import type { SmaregiTransaction } from "../transaction-schema"

const AT = "2026-05-10 14:03:22"
const imported = (over: Partial<KnownTransaction> = {}): KnownTransaction => ({
  updDateTime: AT,
  hasOrder: true,
  status: "imported",
  ...over,
})

const withHead = (tx: SmaregiTransaction, head: Record<string, string | null>): SmaregiTransaction => ({
  head: { ...tx.head, ...head },
  details: tx.details,
})

describe("classify: non-sales heads", () => {
  it.each(Object.entries(TRANSACTION_HEAD_DIVISIONS).filter(([division]) => division !== "1"))(
    "skips division %s (%s) with the division and its meaning in the message",
    (division, meaning) => {
      const result = classify(nonSalesScenario(division, { id: "900" }))
      expect(result).toMatchObject({
        action: "skip",
        reasonCode: "non_sales_head",
        message: `non-sales head (transactionHeadDivision=${division}: ${meaning})`,
      })
    }
  )

  it.each([
    ["6", "non-sales head (transactionHeadDivision=6: ポイント加算)"],
    ["2", "non-sales head (transactionHeadDivision=2: 入金)"],
    ["99", "non-sales head (transactionHeadDivision=99: 不明)"],
  ])("names division %s exactly", (division, message) => {
    expect(classify(nonSalesScenario(division))).toMatchObject({ message })
  })

  it.each<[string, string | null | undefined, string]>([
    ["missing", undefined, "non-sales head (transactionHeadDivision=(none): 不明)"],
    ["null", null, "non-sales head (transactionHeadDivision=(none): 不明)"],
    ["zero", "0", "non-sales head (transactionHeadDivision=0: 不明)"],
  ])("treats a %s division as non-sales", (_name, division, message) => {
    const tx = saleScenario()
    const head = { ...tx.head }
    if (division === undefined) delete head.transactionHeadDivision
    else head.transactionHeadDivision = division
    expect(classify({ head, details: tx.details })).toMatchObject({ reasonCode: "non_sales_head", message })
  })

  it("wins over everything else, even a known order", () => {
    const tx = withHead(cancelScenario(memberSaleScenario()), { transactionHeadDivision: "7" })
    expect(classify(tx, imported({ updDateTime: "2026-01-01 00:00:00" })).reasonCode).toBe("non_sales_head")
  })
})

describe("classify: return-cancel records", () => {
  const [original, dispose] = returnCancelPair(memberSaleScenario({ id: "1052" }))

  it("skips the dispose record (negative amounts) naming the original", () => {
    expect(dispose.head.total).toBe("-10900")
    expect(dispose.head.newPoint).toBe("-109")
    expect(classify(dispose)).toEqual({
      action: "skip",
      reasonCode: "dispose_record",
      message: "dispose record of a return-cancel (disposeDivision=2, original transactionHeadId 1052)",
      saleLines: [],
    })
  })

  it.each<[string, KnownTransaction | null]>([
    ["unknown", null],
    ["imported with an order", imported()],
  ])("skips the original of a return-cancel (%s) naming disposeServerTransactionHeadId", (_name, known) => {
    expect(classify(original, known)).toMatchObject({
      action: "skip",
      reasonCode: "return_cancel_original",
      message: "original of a return-cancel (disposeDivision=1, dispose record transactionHeadId 1053)",
    })
  })

  it("skips the dispose record before any staleness check", () => {
    expect(classify(dispose, imported({ updDateTime: "2030-01-01 00:00:00" })).reasonCode).toBe("dispose_record")
  })
})

describe("classify: staleness against the imported transaction", () => {
  const tx = saleScenario({ id: "1052", at: AT })

  it.each<[string, string | null | undefined, KnownTransaction, "create" | "update" | SkipReason]>([
    ["newer than known", "2026-05-10 14:13:22", imported(), "update"],
    ["one second newer", "2026-05-10 14:03:23", imported(), "update"],
    ["older than known", "2026-05-10 14:03:21", imported(), "stale"],
    ["a day older", "2026-05-09 23:59:59", imported(), "stale"],
    ["equal", AT, imported(), "redelivery"],
    ["equal, written with T", "2026-05-10T14:03:22", imported(), "redelivery"],
    ["equal, written with slashes", "2026/05/10 14:03:22", imported(), "redelivery"],
    ["equal, without zero padding", "2026-5-10 14:3:22", imported(), "redelivery"],
    ["incoming missing, known set", undefined, imported(), "stale"],
    ["incoming null, known set", null, imported(), "stale"],
    ["incoming unreadable, known set", "yesterday", imported(), "stale"],
    ["both missing", null, imported({ updDateTime: null }), "redelivery"],
    ["incoming set, known missing", AT, imported({ updDateTime: null }), "update"],
    ["equal, known failed without order", AT, imported({ status: "failed", hasOrder: false }), "create"],
    ["equal, known failed but has an order", AT, imported({ status: "failed", hasOrder: true }), "redelivery"],
    ["equal, known skipped without order", AT, imported({ status: "skipped", hasOrder: false }), "redelivery"],
    ["older, known failed without order", "2026-05-10 14:00:00", imported({ status: "failed", hasOrder: false }), "stale"],
    ["newer, known failed without order", "2026-05-10 15:00:00", imported({ status: "failed", hasOrder: false }), "create"],
    ["newer, known skipped without order", "2026-05-10 15:00:00", imported({ status: "skipped", hasOrder: false }), "create"],
  ])("%s", (_name, incoming, known, expected) => {
    const head = { ...tx.head }
    if (incoming === undefined) delete head.updDateTime
    else head.updDateTime = incoming
    const result = classify({ head, details: tx.details }, known)
    expect(result.action === "skip" ? result.reasonCode : result.action).toBe(expected)
  })

  it.each([
    ["stale", "2026-05-10 14:00:00", "stale delivery (updDateTime 2026-05-10 14:00:00 is older than the imported 2026-05-10 14:03:22)"],
    ["redelivery", AT, "redelivery (updDateTime 2026-05-10 14:03:22 is not newer than the imported 2026-05-10 14:03:22)"],
  ])("names both stamps in the %s message", (_code, incoming, message) => {
    expect(classify(withHead(tx, { updDateTime: incoming }), imported())).toMatchObject({ message })
  })

  it("redelivers the same push twenty times as one create and nineteen skips", () => {
    const actions: string[] = []
    let known: KnownTransaction | null = null
    for (let i = 0; i < 20; i++) {
      const result = classify(tx, known)
      actions.push(result.action === "skip" ? result.reasonCode : result.action)
      if (result.action === "create") known = imported()
    }
    expect(actions).toEqual(["create", ...Array<string>(19).fill("redelivery")])
  })
})

describe("classify: lines", () => {
  it("keeps only sale lines of an exchange", () => {
    const tx = returnLinesScenario({ id: "60" })
    const result = classify(tx)
    expect(result.action).toBe("create")
    expect(result.saleLines.map((d) => d.productCode)).toEqual(["HOODIE-GREY-M"])
    expect(tx.details.map((d) => d.transactionDetailDivision)).toEqual(["2", "1"])
  })

  it("skips a head of only return lines", () => {
    expect(classify(returnLinesScenario({ onlyReturns: true }))).toEqual({
      action: "skip",
      reasonCode: "returns_only",
      message: "only return lines (1 with transactionDetailDivision=2)",
      saleLines: [],
    })
  })

  it("skips a sale without details", () => {
    expect(classify({ head: saleScenario().head, details: [] })).toMatchObject({
      action: "skip",
      reasonCode: "no_lines",
      message: "no transaction detail lines",
    })
  })

  it.each<[string, string | null, boolean]>([
    ["normal", "1", true],
    ["return", "2", false],
    ["padded return", " 2 ", false],
    ["missing division", null, true],
    ["department sale (部門売り)", "3", true],
    // Kept, so that the import fails naming it instead of dropping a line the customer paid for.
    ["unknown division", "9", true],
  ])("a %s line counts as a sale line: %s", (_name, division, isSale) => {
    const details = [
      makeDetail({ transactionDetailId: "1", transactionDetailDivision: division }),
      makeDetail({ transactionDetailId: "2", transactionDetailDivision: "2" }),
    ]
    const result = classify({ head: makeHead(), details })
    expect(result.saleLines.map((d) => d.transactionDetailId)).toEqual(isSale ? ["1"] : [])
  })

  it("keeps all four lines of the multi-line sale, reduced-tax line included", () => {
    const result = classify(multiLineScenario())
    expect(result.action).toBe("create")
    expect(result.saleLines.map((d) => d.productCode)).toEqual([
      "TSHIRT-NAVY-M",
      "TSHIRT-WHITE-L",
      "HOODIE-GREY-M",
      "COFFEE-BEANS-200G",
    ])
  })
})

describe("detailKind (取引明細区分)", () => {
  it.each<[string | null | undefined, DetailKind | null]>([
    ["1", "product"],
    [" 1 ", "product"],
    [null, "product"],
    [undefined, "product"],
    ["", "product"],
    ["2", "return"],
    ["3", "department"],
    [" 3", "department"],
    ["0", null],
    ["4", null],
    ["31", null],
    ["部門", null],
  ])("division %j is %j", (division, kind) => {
    expect(detailKind({ transactionDetailDivision: division as string | null })).toBe(kind)
  })

  it("names the division and the detail id of an unknown line", () => {
    expect(unknownDivisionMessage({ transactionDetailId: "7", transactionDetailDivision: " 9 " })).toBe(
      'TransactionDetail 7 has an unknown transactionDetailDivision "9" (known: 1 通常, 2 返品, 3 部門売り)'
    )
  })

  it("a head of department lines only is a sale to create", () => {
    const tx = buildTransaction({ lines: [departmentLine({ categoryId: "12", categoryName: "雑貨", price: 1100, quantity: 1 })] })
    expect(classify(tx)).toMatchObject({ action: "create", saleLines: [{ transactionDetailDivision: "3" }] })
  })
})

describe("classify: import target", () => {
  const walkIn = saleScenario({ id: "1", storeId: "3" })
  const member = memberSaleScenario({ id: "2", storeId: "1" })

  it.each<[string, SmaregiTransaction, ClassifyOptions["importTarget"], "create" | SkipReason]>([
    ["all sales: walk-in", walkIn, {}, "create"],
    ["all sales: undefined target", walkIn, undefined, "create"],
    ["member only: walk-in", walkIn, { memberOnly: true }, "not_member"],
    ["member only: member", member, { memberOnly: true }, "create"],
    ["member only: code only", withHead(walkIn, { customerCode: "M0001" }), { memberOnly: true }, "create"],
    ["member only: id only", withHead(walkIn, { customerId: "77" }), { memberOnly: true }, "create"],
    ["member only: id 0 and no code", withHead(walkIn, { customerId: "0" }), { memberOnly: true }, "not_member"],
    ["member only: blank code", withHead(walkIn, { customerCode: " " }), { memberOnly: true }, "not_member"],
    ["member only off", walkIn, { memberOnly: false }, "create"],
    ["store in list", walkIn, { storeIds: ["1", "3"] }, "create"],
    ["store not in list", walkIn, { storeIds: ["1", "2"] }, "out_of_target_store"],
    ["empty store list means all", walkIn, { storeIds: [] }, "create"],
    ["store ids compared trimmed", walkIn, { storeIds: [" 3 "] }, "create"],
    ["head without store", withHead(walkIn, { storeId: null }), { storeIds: ["3"] }, "out_of_target_store"],
    ["member only and store: both pass", member, { memberOnly: true, storeIds: ["1"] }, "create"],
    ["member only and store: wrong store", member, { memberOnly: true, storeIds: ["3"] }, "out_of_target_store"],
    ["member only and store: not member first", walkIn, { memberOnly: true, storeIds: ["1"] }, "not_member"],
  ])("%s", (_name, tx, importTarget, expected) => {
    const result = classify(tx, null, { importTarget })
    expect(result.action === "skip" ? result.reasonCode : result.action).toBe(expected)
  })

  it.each([
    [{ memberOnly: true }, "not a member sale (no customerId or customerCode) and the import target is member sales only"],
    [{ storeIds: ["1", "2"] }, "store 3 is not in the import target stores (1, 2)"],
  ])("explains the skip %#", (importTarget, message) => {
    expect(classify(walkIn, null, { importTarget })).toMatchObject({ message })
  })

  it("applies the target to updates of known orders too", () => {
    const update = updateScenario(walkIn)
    expect(classify(update, imported(), { importTarget: { storeIds: ["1"] } }).reasonCode).toBe("out_of_target_store")
  })
})

describe("classify: mode × action", () => {
  const sale = memberSaleScenario({ id: "1052", at: AT })
  const update = updateScenario(sale)
  const cancel = cancelScenario(sale)
  const failedKnown = imported({ status: "failed", hasOrder: false, updDateTime: AT })

  it.each<[ImportMode | undefined, string, SmaregiTransaction, KnownTransaction | null, "create" | "update" | "cancel" | SkipReason]>([
    [undefined, "new sale", sale, null, "create"],
    ["create_only", "new sale", sale, null, "create"],
    ["create_update_cancel", "new sale", sale, null, "create"],
    [undefined, "update of an imported sale", update, imported(), "update"],
    ["create_only", "update of an imported sale", update, imported(), "mode_create_only"],
    ["create_update_cancel", "update of an imported sale", update, imported(), "update"],
    ["create_only", "update before its create", update, null, "create"],
    ["create_update_cancel", "update before its create", update, null, "create"],
    ["create_update_cancel", "update of a failed sale without order", update, failedKnown, "create"],
    ["create_only", "update of a failed sale without order", update, failedKnown, "create"],
    [undefined, "cancel of an imported sale", cancel, imported(), "cancel"],
    ["create_only", "cancel of an imported sale", cancel, imported(), "mode_create_only"],
    ["create_update_cancel", "cancel of an imported sale", cancel, imported(), "cancel"],
    ["create_update_cancel", "cancel before import", cancel, null, "canceled_before_import"],
    ["create_only", "cancel before import", cancel, null, "canceled_before_import"],
    ["create_update_cancel", "cancel of a failed sale without order", cancel, failedKnown, "canceled_before_import"],
    ["create_update_cancel", "cancel redelivered", cancel, imported({ updDateTime: cancel.head.updDateTime }), "redelivery"],
    ["create_update_cancel", "stale update after cancel", update, imported({ updDateTime: "2026-05-10 15:00:00" }), "stale"],
  ])("mode %s: %s", (mode, _name, tx, known, expected) => {
    const result = classify(tx, known, { mode })
    expect(result.action === "skip" ? result.reasonCode : result.action).toBe(expected)
    if (result.action !== "skip") {
      expect(result.saleLines).toEqual(tx.details)
      expect(result.reasonCode).toBeUndefined()
    }
  })

  it.each([
    [update, "update ignored: the connection imports new sales only (mode create_only)"],
    [cancel, "cancel ignored: the connection imports new sales only (mode create_only)"],
  ])("names the ignored action in create_only %#", (tx, message) => {
    expect(classify(tx, imported(), { mode: "create_only" })).toMatchObject({ message })
  })

  it.each<[string, SmaregiTransaction, ClassifyOptions]>([
    ["carries no lines", { head: cancel.head, details: [] }, {}],
    ["carries only return lines", { head: cancel.head, details: cancel.details.map((d) => ({ ...d, transactionDetailDivision: "2" })) }, {}],
    ["is outside a changed import target", cancel, { importTarget: { storeIds: ["999"] } }],
  ])("cancels an imported sale even when the cancel push %s", (_name, tx, opts) => {
    expect(classify(tx, imported(), opts).action).toBe("cancel")
  })

  it("names the cancel time when a sale was canceled before import", () => {
    expect(classify(cancel)).toMatchObject({
      message: "canceled (cancelDivision=1, cancelDateTime 2026-05-10 14:13:22) before it was imported",
    })
  })
})

describe("SKIP_REASONS", () => {
  it("documents every reason code classify can return", () => {
    expect(Object.keys(SKIP_REASONS).sort()).toEqual(
      [
        "canceled_before_import",
        "dispose_record",
        "mode_create_only",
        "no_lines",
        "non_sales_head",
        "not_member",
        "out_of_target_store",
        "redelivery",
        "return_cancel_original",
        "returns_only",
        "stale",
      ].sort()
    )
  })

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(skipMessage("out_of_target_store", { storeId: 4, storeIds: "1, 2" })).toBe(
      "store 4 is not in the import target stores (1, 2)"
    )
    expect(skipMessage("out_of_target_store")).toBe("store {storeId} is not in the import target stores ({storeIds})")
  })
})

describe("compareUpdDateTime / normaliseDateTime", () => {
  it.each<[string | null | undefined, string | null]>([
    ["2026-05-10 14:03:22", "20260510140322"],
    ["2026-05-10T14:03:22", "20260510140322"],
    ["2026/05/10 14:03:22", "20260510140322"],
    ["2026-5-1 4:03:02", "20260501040302"],
    ["2026-05-10 14:03", "20260510140300"],
    ["2026-05-10", "20260510000000"],
    [" 2026-05-10 14:03:22 ", "20260510140322"],
    ["2026-05-10 14:03:22.123", "20260510140322"],
    ["", null],
    [null, null],
    [undefined, null],
    ["10/05/2026", null],
  ])("normalises %j", (value, expected) => {
    expect(normaliseDateTime(value)).toBe(expected)
  })

  it.each<[string | null, string | null, number]>([
    ["2026-05-10 14:03:22", "2026-05-10 14:03:21", 1],
    ["2026-05-10 14:03:21", "2026-05-10 14:03:22", -1],
    ["2026-05-10 09:00:00", "2026-05-10 10:00:00", -1],
    ["2026-12-31 23:59:59", "2027-01-01 00:00:00", -1],
    ["2026-05-10 14:03:22", "2026-05-10T14:03:22", 0],
    [null, "2026-05-10 14:03:22", -1],
    ["2026-05-10 14:03:22", null, 1],
    [null, null, 0],
  ])("compare(%j, %j) = %i", (a, b, expected) => {
    expect(compareUpdDateTime(a, b)).toBe(expected)
  })
})
