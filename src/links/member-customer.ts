import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import SmaregiModule from "../modules/smaregi"

export default defineLink(SmaregiModule.linkable.smaregiMember, CustomerModule.linkable.customer)
