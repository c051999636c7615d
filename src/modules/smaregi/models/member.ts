import { model } from "@medusajs/framework/utils"

export const MEMBER_STATUSES = ["pending", "synced", "failed", "withdrawn", "deleted"] as const

// A Medusa customer as a Smaregi member (会員) of one connection, with its sync state.
export const SmaregiMember = model
  .define("smaregi_member", {
    id: model.id({ prefix: "smmem" }).primaryKey(),
    connection_id: model.text(),
    customer_id: model.text(),
    smaregi_customer_id: model.text(),
    customer_code: model.text(),
    status: model.enum([...MEMBER_STATUSES]).default("pending"),
    linked_existing: model.boolean().default(false),
    attempts: model.number().default(0),
    last_error_code: model.text().nullable(),
    last_error: model.text().nullable(),
    next_attempt_at: model.dateTime().nullable(),
    requested_at: model.dateTime().nullable(),
    last_synced_at: model.dateTime().nullable(),
    last_payload_hash: model.text().nullable(),
    last_payload: model.json().nullable(),
  })
  .indexes([
    { on: ["connection_id", "customer_id"], unique: true },
    { on: ["connection_id", "smaregi_customer_id"], unique: true },
    { on: ["connection_id", "customer_code"], unique: true },
    { on: ["status", "next_attempt_at"] },
  ])
