import { model } from "@medusajs/framework/utils"

// Why a customer's rank group changed in a batch run.
export const PointsRankChange = model
  .define("points_rank_change", {
    id: model.id({ prefix: "ptrc" }).primaryKey(),
    run_id: model.text(),
    customer_id: model.text(),
    from_group_ids: model.array(),
    to_group_id: model.text().nullable(),
    rule_id: model.text().nullable(),
    spend: model.float(),
    reason: model.text(),
  })
  .indexes([{ on: ["customer_id", "created_at"] }, { on: ["run_id"] }])
