import { model } from "@medusajs/framework/utils"

// What happened to a transaction, delivery by delivery (received, imported, skipped as stale, …).
export const SmaregiTransactionEvent = model
  .define("smaregi_transaction_event", {
    id: model.id({ prefix: "smtxe" }).primaryKey(),
    transaction_id: model.text(),
    connection_id: model.text(),
    transaction_head_id: model.text(),
    type: model.text(),
    reason_code: model.text().nullable(),
    message: model.text().nullable(),
    upd_date_time: model.text().nullable(),
    request_id: model.text().nullable(),
  })
  .indexes([{ on: ["transaction_id"] }])
