import {
  cancelScenario,
  nonSalesScenario,
  saleScenario,
  updateScenario,
} from "../../../smaregi/__fixtures__/scenarios"
import type { ConnectionSettings } from "../../../smaregi/settings"
import type { SmaregiTransaction } from "../../../smaregi/transaction-schema"
import { decideForRow, decideRun, isInterruptedImport, knownFromRow } from "../lib/decide"
import type { TransactionRow, TransactionStatus } from "../lib/transaction-row"

const T1 = "2026-05-10 14:03:22"
const T2 = "2026-05-10 14:13:22"
const SETTINGS: Pick<ConnectionSettings, "importEnabled" | "mode" | "importTarget"> = {
  importEnabled: true,
  mode: "create_update_cancel",
  importTarget: { memberOnly: false, storeIds: [] },
}

function row(tx: SmaregiTransaction, over: Partial<TransactionRow> = {}): TransactionRow {
  return {
    id: "smtx_1",
    connection_id: "smcon_1",
    transaction_head_id: tx.head.transactionHeadId,
    upd_date_time: tx.head.updDateTime ?? null,
    applied_upd_date_time: null,
    status: "received",
    action: null,
    reason_code: null,
    reason: null,
    attempts: 0,
    order_id: null,
    store_id: "1",
    points_drift: null,
    head: tx.head,
    details: tx.details,
    ...over,
  }
}

const sale = saleScenario()
const edited = updateScenario(sale)
const canceled = cancelScenario(sale)
const imported = { status: "imported" as TransactionStatus, order_id: "order_1", applied_upd_date_time: T1 }

describe("decideForRow", () => {
  it.each<[string, SmaregiTransaction, Partial<TransactionRow>, { deliveredUpd?: string; replay?: boolean }, string, string | null]>([
    ["a first delivery", sale, {}, {}, "create", null],
    ["an update of an imported sale", edited, imported, {}, "update", null],
    ["a cancel of an imported sale", canceled, imported, {}, "cancel", null],
    ["a redelivery of the applied data", sale, imported, { deliveredUpd: T1 }, "skip", "redelivery"],
    ["an older delivery after the newer one was applied", edited, { ...imported, applied_upd_date_time: T2 }, { deliveredUpd: T1 }, "skip", "stale"],
    ["a failed sale delivered again", sale, { status: "failed" }, { deliveredUpd: T1 }, "create", null],
    ["a replay of an applied sale (re-evaluated)", edited, { ...imported, applied_upd_date_time: T2, status: "needs_attention" }, { replay: true }, "update", null],
    ["a non-sales head", nonSalesScenario("2"), {}, {}, "skip", "non_sales_head"],
    ["a cancel before it was imported", canceled, {}, {}, "skip", "canceled_before_import"],
    ["a claimed order whose import run died", sale, { order_id: "order_1" }, { deliveredUpd: T1 }, "resume", null],
    ["an edit of a sale whose import run died", edited, { order_id: "order_1" }, {}, "resume", null],
    ["a cancel of a sale whose import run died", canceled, { order_id: "order_1" }, {}, "resume", null],
    ["a failed resume delivered again", sale, { order_id: "order_1", status: "failed" }, {}, "resume", null],
    ["a replay of an interrupted import", sale, { order_id: "order_1" }, { replay: true }, "resume", null],
  ])("%s", (_name, tx, over, opts, action, reason) => {
    const decision = decideForRow(row(tx, over), tx, SETTINGS, opts)
    expect(decision.action).toBe(action)
    expect(decision.action === "skip" ? decision.reasonCode : null).toBe(reason)
  })

  it("names both stamps of a stale delivery and only logs it", () => {
    const decision = decideForRow(row(edited, { ...imported, applied_upd_date_time: T2 }), edited, SETTINGS, { deliveredUpd: T1 })
    expect(decision).toMatchObject({
      action: "skip",
      deliveryOnly: true,
      message: `stale delivery (updDateTime ${T1} is older than the imported ${T2})`,
    })
  })

  it.each<[string, Partial<typeof SETTINGS>, SmaregiTransaction, Partial<TransactionRow>, string]>([
    ["import switched off", { importEnabled: false }, sale, {}, "import_disabled"],
    ["create_only ignores updates", { mode: "create_only" }, edited, imported, "mode_create_only"],
    ["create_only ignores cancels", { mode: "create_only" }, canceled, imported, "mode_create_only"],
    ["member sales only", { importTarget: { memberOnly: true, storeIds: [] } }, sale, {}, "not_member"],
    ["other stores", { importTarget: { memberOnly: false, storeIds: ["9"] } }, sale, {}, "out_of_target_store"],
  ])("skips when %s, and records it on the row", (_name, settings, tx, over, reason) => {
    const decision = decideForRow(row(tx, over), tx, { ...SETTINGS, ...settings })
    expect(decision).toMatchObject({ action: "skip", reasonCode: reason, deliveryOnly: false })
  })
})

describe("knownFromRow", () => {
  it("forgets the applied stamp on replay", () => {
    const r = row(sale, imported)
    expect(knownFromRow(r)).toEqual({ updDateTime: T1, hasOrder: true, status: "imported" })
    expect(knownFromRow(r, { replay: true })).toEqual({ updDateTime: null, hasOrder: true, status: "imported" })
    expect(knownFromRow(null)).toBeNull()
  })
})

describe("isInterruptedImport", () => {
  it.each<[string, Partial<TransactionRow>, boolean]>([
    ["claimed, nothing recorded", { order_id: "order_1" }, true],
    ["claimed, a failed resume", { order_id: "order_1", status: "failed" }, true],
    ["imported", { order_id: "order_1", status: "imported", applied_upd_date_time: T1 }, false],
    ["imported, stamp lost", { order_id: "order_1", status: "imported" }, false],
    ["canceled", { order_id: "order_1", status: "canceled", applied_upd_date_time: T1 }, false],
    ["updated after import", { order_id: "order_1", status: "failed", applied_upd_date_time: T1 }, false],
    ["never claimed", {}, false],
  ])("%s", (_name, over, expected) => {
    expect(isInterruptedImport(row(sale, over))).toBe(expected)
  })

  it("leaves an interrupted import alone while import is switched off", () => {
    const off = decideForRow(row(sale, { order_id: "order_1" }), sale, { ...SETTINGS, importEnabled: false })
    expect(off).toMatchObject({ action: "skip", reasonCode: "import_disabled" })
  })
})

describe("decideRun", () => {
  it("decides from the row's own data, as decideForRow does", () => {
    expect(decideRun(row(edited, imported), SETTINGS)).toEqual(decideForRow(row(edited, imported), edited, SETTINGS))
    expect(decideRun(row(sale, imported), SETTINGS, { deliveredUpd: T1 })).toMatchObject({ action: "skip", reasonCode: "redelivery" })
  })

  it("turns stored data it cannot classify into an invalid decision instead of throwing", () => {
    const broken = row(sale, { head: null as never })
    expect(decideRun(broken, SETTINGS)).toMatchObject({ action: "invalid", message: expect.stringMatching(/\S/) })
  })
})
