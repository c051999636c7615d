import { Module } from "@medusajs/framework/utils"
import encryptionKeyLoader from "./loaders/encryption-key"
import SmaregiModuleService from "./service"

export const SMAREGI_MODULE = "smaregi"

export default Module(SMAREGI_MODULE, {
  service: SmaregiModuleService,
  loaders: [encryptionKeyLoader],
})

export type { SmaregiModuleService }
export * from "../../smaregi/settings"
export * from "./types"
