import { defineLink } from "@medusajs/framework/utils"
import OrderModule from "@medusajs/medusa/order"
import SmaregiModule from "../modules/smaregi"

export default defineLink(SmaregiModule.linkable.smaregiTransaction, OrderModule.linkable.order)
