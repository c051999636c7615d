import { model } from "@medusajs/framework/utils"

// Settings live in one validated JSON document (see ../settings.ts) so a new setting needs no migration;
// columns are only what is looked up, counted or updated atomically.
export const SmaregiConnection = model
  .define("smaregi_connection", {
    id: model.id({ prefix: "smcon" }).primaryKey(),
    name: model.text(),
    enabled: model.boolean().default(true),
    agreement_secret_hash: model.text().nullable(),
    agreement_secret_encrypted: model.text().nullable(),
    access_token_encrypted: model.text().nullable(),
    // Which Smaregi API the connection speaks; the platform secrets are sealed like the access token.
    api: model.enum(["v2", "platform"]).default("v2"),
    client_secret_encrypted: model.text().nullable(),
    webhook_secret_encrypted: model.text().nullable(),
    settings: model.json(),
    next_customer_id: model.number().nullable(),
    // Smaregi's highest customerId when last read: new ids are allocated above it (OUT-11).
    customer_id_floor: model.number().nullable(),
    customer_id_floor_read_at: model.dateTime().nullable(),
    reconcile_watermark: model.text().nullable(),
    reconciled_at: model.dateTime().nullable(),
    // When a delayed smaregi.member.sync_due event is due: one per connection and window (repositories/member-wakes.ts).
    member_sync_wake_at: model.dateTime().nullable(),
    // Plan-gated Platform features the contract refused (403), each with when it was last found lacking (plan-features.ts).
    plan_lacks: model.json().nullable(),
  })
  .indexes([{ on: ["agreement_secret_hash"], unique: true, where: "agreement_secret_hash IS NOT NULL" }])
