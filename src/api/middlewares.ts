import { defineMiddlewares } from "@medusajs/framework/http"
import { middlewares as adminPoints } from "./admin/points/middlewares"
import { middlewares as adminMembers } from "./admin/smaregi/members/middlewares"
import { middlewares as adminSmaregi } from "./admin/smaregi/middlewares"
import { middlewares as webhook } from "./hooks/smaregi/middlewares"
import { middlewares as storeBarcode } from "./store/customers/me/smaregi-barcode/middlewares"

// Each area keeps its matchers beside its routes; this file only gathers them.
export default defineMiddlewares({
  routes: [...webhook, ...adminSmaregi, ...adminMembers, ...adminPoints, ...storeBarcode],
})
