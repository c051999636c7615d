import { Module } from "@medusajs/framework/utils"
import SmaregiModuleService from "./service"

export const SMAREGI_MODULE = "smaregi"

export default Module(SMAREGI_MODULE, {
  service: SmaregiModuleService,
})

export type { SmaregiModuleService }
export * from "./settings"
export * from "./types"
