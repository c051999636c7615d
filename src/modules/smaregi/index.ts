import { Module } from "@medusajs/framework/utils"
import encryptionKeyLoader from "./loaders/encryption-key"
import redisLoader from "./loaders/redis"
import SmaregiModuleService from "./service"

export const SMAREGI_MODULE = "smaregi"

export default Module(SMAREGI_MODULE, {
  service: SmaregiModuleService,
  loaders: [encryptionKeyLoader, redisLoader],
})

export type { SmaregiModuleService }
export * from "../../smaregi/settings"
export * from "./types"
export { SmaregiNotConfiguredError, TransportUnsupportedError } from "./transport/types"
export type { SmaregiTransport } from "./transport/types"
