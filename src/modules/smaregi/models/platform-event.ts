import { model } from "@medusajs/framework/utils"

// A Platform API webhook as received (ids only): stored before the answer, deduplicated by Smaregi-Event-Id,
// then processed by re-reading every id through the transport.
export const SmaregiPlatformEvent = model
  .define("smaregi_platform_event", {
    id: model.id({ prefix: "smpev" }).primaryKey(),
    connection_id: model.text(),
    event_id: model.text().nullable(),
    event: model.text(),
    action: model.text(),
    ids: model.json(),
    status: model.enum(["received", "processed", "failed"]).default("received"),
    attempts: model.number().default(0),
    error: model.text().nullable(),
    source_ip: model.text().nullable(),
    processed_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["connection_id", "event_id"], unique: true, where: "event_id IS NOT NULL" },
    { on: ["status", "created_at"] },
  ])
