import { model } from "@medusajs/framework/utils"

// A resumable sync of all existing registered customers of one connection.
export const SmaregiBackfill = model
  .define("smaregi_backfill", {
    id: model.id({ prefix: "smbf" }).primaryKey(),
    connection_id: model.text(),
    status: model.enum(["running", "stopped", "completed", "failed"]).default("running"),
    cursor: model.text().nullable(),
    total: model.number().default(0),
    done: model.number().default(0),
    failed: model.number().default(0),
    skipped: model.number().default(0),
    last_error: model.text().nullable(),
    finished_at: model.dateTime().nullable(),
    // The runner holding the backfill (any process); an expired lease lets the retry job start it again.
    lease_owner: model.text().nullable(),
    lease_until: model.dateTime().nullable(),
  })
  .indexes([{ on: ["connection_id", "status"] }])
