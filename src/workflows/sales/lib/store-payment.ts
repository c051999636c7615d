export type StorePaymentCapture = { id: string; amount: number }
export type StorePayment = {
  id: string
  amount: number
  captured_at: string | Date | null
  canceled_at: string | Date | null
  captures: StorePaymentCapture[]
}
export type StorePaymentCollection = { id: string; status: string; amount: number; payments: StorePayment[] }

export type StorePaymentPlan = {
  /** payments fully covered by their captures whose capture was never finished (no `captured_at`) */
  markCaptured: string[]
  /** collections whose captures cover them but whose status was never brought to `completed` */
  completeCollections: Array<{ id: string; captured_amount: number }>
  /** captures without the order transaction the capture workflow adds after them */
  addTransactions: StorePaymentCapture[]
  /** the one thing still to do with money, if any */
  next:
    | { kind: "none" }
    | { kind: "capture"; payment_id: string; amount: number }
    | { kind: "mark_paid"; collection_id: string | null; reset: boolean }
  result: "paid_before" | "capture_finished" | "captured" | "marked_paid" | "nothing_to_pay"
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)
const capturedOf = (p: StorePayment) => sum(p.captures.map((c) => c.amount))

/**
 * What a resumed import still has to do for the order's store payment. A killed run can stop between any two
 * writes of Medusa's capture: after the capture row (payment without `captured_at`), after `captured_at`
 * (collection still `authorized`), or before the order transaction. Money is only captured when no capture
 * covers the sale yet; the bookkeeping around an existing capture is finished instead of capturing twice.
 */
export function planStorePayment(
  input: { amount: number; collections: StorePaymentCollection[]; transactionReferenceIds: string[] }
): StorePaymentPlan {
  const plan: StorePaymentPlan = { markCaptured: [], completeCollections: [], addTransactions: [], next: { kind: "none" }, result: "paid_before" }
  if (input.amount <= 0) return { ...plan, result: "nothing_to_pay" }

  const collections = input.collections.filter((c) => c.status !== "canceled")
  const withTransaction = new Set(input.transactionReferenceIds)
  let paid = false
  for (const collection of collections) {
    const payments = collection.payments.filter((p) => !p.canceled_at)
    for (const p of payments) {
      if (!p.captured_at && p.captures.length && capturedOf(p) >= p.amount) plan.markCaptured.push(p.id)
      for (const c of p.captures) if (!withTransaction.has(c.id)) plan.addTransactions.push(c)
    }
    const captured = sum(payments.map(capturedOf))
    if (captured >= collection.amount && captured > 0) {
      paid = true
      if (collection.status !== "completed") plan.completeCollections.push({ id: collection.id, captured_amount: captured })
    } else if (collection.status === "completed") {
      paid = true
    }
  }
  const repaired = plan.markCaptured.length + plan.completeCollections.length + plan.addTransactions.length > 0
  if (paid) return { ...plan, result: repaired ? "capture_finished" : "paid_before" }

  for (const collection of collections) {
    const open = collection.payments.find((p) => !p.canceled_at && !p.captured_at && capturedOf(p) < p.amount)
    if (open) return { ...plan, next: { kind: "capture", payment_id: open.id, amount: open.amount - capturedOf(open) }, result: "captured" }
  }
  const first = collections[0]
  return {
    ...plan,
    next: { kind: "mark_paid", collection_id: first?.id ?? null, reset: !!first && first.status !== "not_paid" },
    result: "marked_paid",
  }
}
