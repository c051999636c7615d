import type { MedusaContainer } from "@medusajs/framework/types"
import { SMAREGI_MODULE } from "../../modules/smaregi"
import type { SmaregiRecords } from "../../modules/smaregi/repositories"
import type SmaregiModuleService from "../../modules/smaregi/service"

export function memberRecords(container: MedusaContainer): SmaregiRecords {
  return container.resolve<SmaregiModuleService>(SMAREGI_MODULE).records()
}

export function smaregiService(container: MedusaContainer): SmaregiModuleService {
  return container.resolve<SmaregiModuleService>(SMAREGI_MODULE)
}
