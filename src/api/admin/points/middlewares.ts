import {
  validateAndTransformBody,
  type MedusaNextFunction,
  type MedusaRequest,
  type MedusaResponse,
  type MiddlewareRoute,
} from "@medusajs/framework/http"
import type { z } from "@medusajs/framework/zod"
import {
  AdminCreateRankRule,
  AdminPointsAdjustment,
  AdminRankChangesQuery,
  AdminRunBatch,
  AdminUpdatePointsSettings,
  AdminUpdateRankRule,
  PointsHistoryQuery,
} from "./validators"

// Answers 400 naming the parameter; keeps limit/offset as plain validated values.
function validateQuery(schema: z.ZodType) {
  return (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    const parsed = schema.safeParse(req.query)
    if (parsed.success) {
      req.validatedQuery = parsed.data as Record<string, unknown>
      return next()
    }
    const issue = parsed.error.issues[0]
    const parameter = String(issue.path[0] ?? "query")
    res.status(400).json({ type: "invalid_data", parameter, message: `${parameter}: ${issue.message}` })
  }
}

export const middlewares: MiddlewareRoute[] = [
  { matcher: "/store/customers/me/points", method: ["GET"], middlewares: [validateQuery(PointsHistoryQuery)] },
  { matcher: "/admin/points/customers/:customer_id", method: ["GET"], middlewares: [validateQuery(PointsHistoryQuery)] },
  {
    matcher: "/admin/points/customers/:customer_id/adjustments",
    method: ["POST"],
    middlewares: [validateAndTransformBody(AdminPointsAdjustment)],
  },
  { matcher: "/admin/points/rank-rules", method: ["POST"], middlewares: [validateAndTransformBody(AdminCreateRankRule)] },
  { matcher: "/admin/points/rank-rules/:id", method: ["POST"], middlewares: [validateAndTransformBody(AdminUpdateRankRule)] },
  { matcher: "/admin/points/rank-changes", method: ["GET"], middlewares: [validateQuery(AdminRankChangesQuery)] },
  { matcher: "/admin/points/batches/expire", method: ["POST"], middlewares: [validateAndTransformBody(AdminRunBatch)] },
  { matcher: "/admin/points/batches/ranks", method: ["POST"], middlewares: [validateAndTransformBody(AdminRunBatch)] },
  { matcher: "/admin/points/settings", method: ["POST"], middlewares: [validateAndTransformBody(AdminUpdatePointsSettings)] },
]
