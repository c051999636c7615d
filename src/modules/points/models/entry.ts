import { model } from "@medusajs/framework/utils"

// opening_balance: a balance brought over from Smaregi, once per member.
export const POINTS_ENTRY_KINDS = ["earn", "spend", "adjustment", "expiry", "opening_balance"] as const

// One ledger movement. `remaining` is the unconsumed part of a credit (consumption tracking, FIFO by expiry).
export const PointsEntry = model
  .define("points_entry", {
    id: model.id({ prefix: "ptent" }).primaryKey(),
    customer_id: model.text(),
    source_key: model.text(),
    source: model.text().nullable(),
    kind: model.enum([...POINTS_ENTRY_KINDS]),
    amount: model.number(),
    remaining: model.number().default(0),
    reason: model.text(),
    actor: model.text(),
    expires_at: model.dateTime().nullable(),
    version: model.text().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([
    { on: ["source_key"], unique: true, where: null },
    { on: ["customer_id", "created_at"] },
    { on: ["source", "kind"] },
    { on: ["expires_at"], where: "remaining > 0" },
  ])
