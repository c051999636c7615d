import type { MedusaContainer } from "@medusajs/framework/types"
import { SMAREGI_MODULE } from "../../modules/smaregi"
import type SmaregiModuleService from "../../modules/smaregi/service"
import { MemberStore } from "./member-store"

export function memberStore(container: MedusaContainer): MemberStore {
  return new MemberStore(container.resolve<SmaregiModuleService>(SMAREGI_MODULE))
}

export function smaregiService(container: MedusaContainer): SmaregiModuleService {
  return container.resolve<SmaregiModuleService>(SMAREGI_MODULE)
}
