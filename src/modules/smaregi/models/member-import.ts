import { model } from "@medusajs/framework/utils"

export const MEMBER_IMPORT_STATUSES = ["running", "done", "failed"] as const

// One admin-started import of a contract's existing Smaregi members into the store, with its progress.
export const SmaregiMemberImport = model
  .define("smaregi_member_import", {
    id: model.id({ prefix: "smimp" }).primaryKey(),
    connection_id: model.text(),
    status: model.enum([...MEMBER_IMPORT_STATUSES]).default("running"),
    /** The last Smaregi customerId handled: a resumed run reads the members after it. */
    cursor: model.text().nullable(),
    total: model.number().default(0),
    processed: model.number().default(0),
    created: model.number().default(0),
    proposed: model.number().default(0),
    already_linked: model.number().default(0),
    conflicts: model.number().default(0),
    skipped: model.number().default(0),
    error: model.text().nullable(),
    finished_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["connection_id", "status"] }])
