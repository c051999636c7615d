import { model } from "@medusajs/framework/utils"

export const PULL_RUN_STATUSES = ["running", "done", "failed"] as const

// One admin-started pull of sales from Smaregi ("Pull sales now" or "Import past sales"), with its progress.
export const SmaregiPullRun = model
  .define("smaregi_pull_run", {
    id: model.id({ prefix: "smpr" }).primaryKey(),
    connection_id: model.text(),
    kind: model.enum(["pull_now", "past_sales"]),
    /** JST dates (inclusive) of a past-sales import */
    date_from: model.text().nullable(),
    date_to: model.text().nullable(),
    status: model.enum([...PULL_RUN_STATUSES]).default("running"),
    windows_total: model.number().default(0),
    windows_done: model.number().default(0),
    heads: model.number().default(0),
    known: model.number().default(0),
    imported: model.number().default(0),
    skipped: model.number().default(0),
    failed: model.number().default(0),
    error: model.text().nullable(),
    finished_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["connection_id", "status"] }])
