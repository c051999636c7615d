import { model } from "@medusajs/framework/utils"

// Per-customer lock row and cached balance; the ledger stays the truth.
export const PointsAccount = model
  .define("points_account", {
    id: model.id({ prefix: "ptacc" }).primaryKey(),
    customer_id: model.text(),
    balance: model.number().default(0),
  })
  .indexes([{ on: ["customer_id"], unique: true, where: null }])
