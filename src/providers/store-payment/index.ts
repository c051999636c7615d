import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import StorePaymentProviderService from "./service"

export default ModuleProvider(Modules.PAYMENT, {
  services: [StorePaymentProviderService],
})
