import { model } from "@medusajs/framework/utils"

// A resumable push of all existing registered customers of one connection.
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
  })
  .indexes([{ on: ["connection_id", "status"] }])
