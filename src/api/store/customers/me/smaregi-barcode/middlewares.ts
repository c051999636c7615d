import type { MedusaNextFunction, MedusaRequest, MedusaResponse, MiddlewareRoute } from "@medusajs/framework/http"
import { StoreGetSmaregiBarcode } from "./validators"

// Answers 400 naming the parameter; the customer-auth middleware of /store/customers/me* runs first.
function validateBarcodeQuery(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const parsed = StoreGetSmaregiBarcode.safeParse(req.query)
  if (parsed.success) {
    req.validatedQuery = parsed.data
    return next()
  }
  const issue = parsed.error.issues[0]
  const parameter = String(issue.path[0] ?? "query")
  res.status(400).json({
    type: "invalid_data",
    code: "invalid_query",
    parameter,
    message: `${parameter}: ${issue.message}`,
  })
}

export const middlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/customers/me/smaregi-barcode",
    method: ["GET"],
    middlewares: [validateBarcodeQuery],
  },
]
