import { model } from "@medusajs/framework/utils"

export const TRANSACTION_STATUSES = [
  "received",
  "imported",
  "updated",
  "canceled",
  "skipped",
  "failed",
  "needs_attention",
] as const

// The durable inbox: one row per Smaregi transaction head, holding the newest data received for it.
export const SmaregiTransaction = model
  .define("smaregi_transaction", {
    id: model.id({ prefix: "smtx" }).primaryKey(),
    connection_id: model.text(),
    transaction_head_id: model.text(),
    upd_date_time: model.text().nullable(),
    applied_upd_date_time: model.text().nullable(),
    status: model.enum([...TRANSACTION_STATUSES]).default("received"),
    action: model.text().nullable(),
    reason_code: model.text().nullable(),
    reason: model.text().nullable(),
    attempts: model.number().default(0),
    order_id: model.text().nullable(),
    store_id: model.text().nullable(),
    customer_code: model.text().nullable(),
    total: model.text().nullable(),
    transaction_date_time: model.text().nullable(),
    head: model.json(),
    details: model.json(),
    request_id: model.text().nullable(),
    processed_at: model.dateTime().nullable(),
    // PTS-5: the register moved more points than the web ledger held (recorded anyway); see TransactionPointsDrift.
    points_drift: model.json().nullable(),
  })
  .indexes([
    { on: ["connection_id", "transaction_head_id"], unique: true },
    { on: ["status"] },
    { on: ["order_id"] },
  ])
