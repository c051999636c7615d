import { model } from "@medusajs/framework/utils"

/** link_pending: an existing Smaregi member was found for the customer; nothing is pushed until an admin approves. */
export const MEMBER_STATUSES = ["pending", "synced", "failed", "withdrawn", "deleted", "link_pending"] as const

/** Where a link to an existing Smaregi member came from: found at sign-up, or by the member import. */
export const LINK_SOURCES = ["signup", "import"] as const

// A Medusa customer as a Smaregi member (会員) of one connection, with its sync state.
export const SmaregiMember = model
  .define("smaregi_member", {
    id: model.id({ prefix: "smmem" }).primaryKey(),
    connection_id: model.text(),
    customer_id: model.text(),
    /** null while a Platform API member waits for the customerId Smaregi assigns on its creation. */
    smaregi_customer_id: model.text().nullable(),
    customer_code: model.text(),
    status: model.enum([...MEMBER_STATUSES]).default("pending"),
    linked_existing: model.boolean().default(false),
    link_source: model.enum([...LINK_SOURCES]).nullable(),
    /** The Smaregi member an admin refused to link this customer to (it is never proposed again). */
    link_rejected_smaregi_id: model.text().nullable(),
    attempts: model.number().default(0),
    last_error_code: model.text().nullable(),
    last_error: model.text().nullable(),
    next_attempt_at: model.dateTime().nullable(),
    requested_at: model.dateTime().nullable(),
    last_synced_at: model.dateTime().nullable(),
    last_payload_hash: model.text().nullable(),
    last_payload: model.json().nullable(),
    // The ledger's off-register total Smaregi was last told about: later web movements go out as a relative point add.
    point_web_total_sent: model.number().nullable(),
  })
  .indexes([
    { on: ["connection_id", "customer_id"], unique: true },
    { on: ["connection_id", "smaregi_customer_id"], unique: true },
    { on: ["connection_id", "customer_code"], unique: true },
    { on: ["status", "next_attempt_at"] },
  ])
