import { model } from "@medusajs/framework/utils"

// Every authenticated webhook request as received (secrets removed), malformed ones included.
export const SmaregiRequest = model
  .define("smaregi_request", {
    id: model.id({ prefix: "smreq" }).primaryKey(),
    connection_id: model.text().nullable(),
    outcome: model.enum(["accepted", "malformed"]),
    http_status: model.number(),
    error_code: model.text().nullable(),
    error_message: model.text().nullable(),
    source_ip: model.text().nullable(),
    content_type: model.text().nullable(),
    proc_name: model.text().nullable(),
    // Which form params arrived in: plain JSON or with backslash-escaped quotes (null when it could not be read).
    params_form: model.enum(["json", "escaped_quotes"]).nullable(),
    query: model.json().nullable(),
    body: model.text().nullable(),
    body_size: model.number().default(0),
    head_count: model.number().default(0),
  })
  .indexes([{ on: ["connection_id"] }])
