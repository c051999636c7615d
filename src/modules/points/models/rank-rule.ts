import { model } from "@medusajs/framework/utils"

// A rank (customer group) reached by spending at least `min_spend` over the last `window_days`.
export const PointsRankRule = model
  .define("points_rank_rule", {
    id: model.id({ prefix: "ptrr" }).primaryKey(),
    name: model.text().nullable(),
    customer_group_id: model.text(),
    min_spend: model.float(),
    window_days: model.number().default(365),
    priority: model.number().default(0),
    enabled: model.boolean().default(true),
  })
  .indexes([{ on: ["customer_group_id"], unique: true }])
