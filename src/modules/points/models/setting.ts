import { model } from "@medusajs/framework/utils"

// Admin-editable settings that override the module options (one row, key "default").
export const PointsSetting = model
  .define("points_setting", {
    id: model.id({ prefix: "ptset" }).primaryKey(),
    key: model.text(),
    value: model.json(),
  })
  .indexes([{ on: ["key"], unique: true, where: null }])
