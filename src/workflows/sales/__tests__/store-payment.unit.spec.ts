import { planStorePayment, type StorePayment, type StorePaymentCollection } from "../lib/store-payment"

const NOW = "2026-05-10T05:03:22.000Z"
const payment = (over: Partial<StorePayment> = {}): StorePayment => ({
  id: "pay_1",
  amount: 10700,
  captured_at: null,
  canceled_at: null,
  captures: [],
  ...over,
})
const collection = (over: Partial<StorePaymentCollection> = {}): StorePaymentCollection => ({
  id: "paycol_1",
  status: "not_paid",
  amount: 10700,
  payments: [],
  ...over,
})
const capture = { id: "capt_1", amount: 10700 }
const none = { markCaptured: [], completeCollections: [], addTransactions: [] }

describe("planStorePayment: what a resumed import still does for the store payment", () => {
  it.each<[string, { amount?: number; collections: StorePaymentCollection[]; transactions?: string[] }, object]>([
    ["a zero-yen sale pays nothing", { amount: 0, collections: [] }, { ...none, next: { kind: "none" }, result: "nothing_to_pay" }],
    [
      "no collection: create one and mark it paid",
      { collections: [] },
      { ...none, next: { kind: "mark_paid", collection_id: null, reset: false }, result: "marked_paid" },
    ],
    [
      "a not-paid collection: mark it paid",
      { collections: [collection()] },
      { ...none, next: { kind: "mark_paid", collection_id: "paycol_1", reset: false }, result: "marked_paid" },
    ],
    [
      "a session opened but never authorized: start the collection over",
      { collections: [collection({ status: "awaiting" })] },
      { ...none, next: { kind: "mark_paid", collection_id: "paycol_1", reset: true }, result: "marked_paid" },
    ],
    [
      "an authorized payment never captured: capture it",
      { collections: [collection({ status: "authorized", payments: [payment()] })] },
      { ...none, next: { kind: "capture", payment_id: "pay_1", amount: 10700 }, result: "captured" },
    ],
    [
      "a partly captured payment: capture only the rest",
      {
        collections: [collection({ status: "partially_captured", payments: [payment({ captures: [{ id: "capt_1", amount: 700 }] })] })],
        transactions: ["capt_1"],
      },
      { ...none, next: { kind: "capture", payment_id: "pay_1", amount: 10000 }, result: "captured" },
    ],
    [
      "killed after the capture row: finish it, never capture again",
      { collections: [collection({ status: "authorized", payments: [payment({ captures: [capture] })] })] },
      {
        markCaptured: ["pay_1"],
        completeCollections: [{ id: "paycol_1", captured_amount: 10700 }],
        addTransactions: [capture],
        next: { kind: "none" },
        result: "capture_finished",
      },
    ],
    [
      "killed after captured_at, before the collection status",
      { collections: [collection({ status: "authorized", payments: [payment({ captured_at: NOW, captures: [capture] })] })] },
      {
        ...none,
        completeCollections: [{ id: "paycol_1", captured_amount: 10700 }],
        addTransactions: [capture],
        next: { kind: "none" },
        result: "capture_finished",
      },
    ],
    [
      "killed before the order transaction",
      { collections: [collection({ status: "completed", payments: [payment({ captured_at: NOW, captures: [capture] })] })] },
      { ...none, addTransactions: [capture], next: { kind: "none" }, result: "capture_finished" },
    ],
    [
      "everything done: nothing to do",
      {
        collections: [collection({ status: "completed", payments: [payment({ captured_at: NOW, captures: [capture] })] })],
        transactions: ["capt_1"],
      },
      { ...none, next: { kind: "none" }, result: "paid_before" },
    ],
    [
      "a completed collection is paid whatever its payments show",
      { collections: [collection({ status: "completed" })] },
      { ...none, next: { kind: "none" }, result: "paid_before" },
    ],
    [
      "canceled collections and payments are ignored",
      {
        collections: [
          collection({ id: "paycol_0", status: "canceled", payments: [payment({ id: "pay_0", captures: [{ id: "capt_0", amount: 10700 }] })] }),
          collection({ status: "authorized", payments: [payment({ id: "pay_x", canceled_at: NOW }), payment()] }),
        ],
      },
      { ...none, next: { kind: "capture", payment_id: "pay_1", amount: 10700 }, result: "captured" },
    ],
  ])("%s", (_name, input, expected) => {
    expect(
      planStorePayment({ amount: input.amount ?? 10700, collections: input.collections, transactionReferenceIds: input.transactions ?? [] })
    ).toEqual(expected)
  })
})
