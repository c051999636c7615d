import { model } from "@medusajs/framework/utils"

// Which credit a movement drew from (positive) or gave back to (negative).
export const PointsAllocation = model
  .define("points_allocation", {
    id: model.id({ prefix: "ptalc" }).primaryKey(),
    customer_id: model.text(),
    entry_id: model.text(),
    grant_id: model.text(),
    amount: model.number(),
  })
  .indexes([{ on: ["entry_id"] }, { on: ["grant_id"] }])
