import { type MiddlewareRoute, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { AdminCreateSmaregiConnection, AdminUpdateSmaregiConnection } from "./connections/validators"
import { AdminStartSmaregiPull } from "./connections/[id]/reconcile/validators"
import { AdminListSmaregiRequests } from "./requests/validators"
import { AdminSmaregiStats } from "./stats/validators"
import {
  AdminExportSmaregiTransactions,
  AdminListSmaregiTransactions,
  AdminReplayFailedSmaregiTransactions,
  AdminSmaregiDryRun,
} from "./transactions/validators"

const query = (schema: Parameters<typeof validateAndTransformQuery>[0]) => validateAndTransformQuery(schema, {})

// Connections, transactions, requests and stats (sales IN). Members routes have their own file.
export const middlewares: MiddlewareRoute[] = [
  { matcher: "/admin/smaregi/connections", methods: ["POST"], middlewares: [validateAndTransformBody(AdminCreateSmaregiConnection)] },
  { matcher: "/admin/smaregi/connections/:id", methods: ["POST"], middlewares: [validateAndTransformBody(AdminUpdateSmaregiConnection)] },
  {
    matcher: "/admin/smaregi/connections/:id/reconcile",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminStartSmaregiPull)],
  },
  { matcher: "/admin/smaregi/transactions", methods: ["GET"], middlewares: [query(AdminListSmaregiTransactions)] },
  { matcher: "/admin/smaregi/transactions/export", methods: ["GET"], middlewares: [query(AdminExportSmaregiTransactions)] },
  {
    matcher: "/admin/smaregi/transactions/replay-failed",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminReplayFailedSmaregiTransactions)],
  },
  { matcher: "/admin/smaregi/transactions/dry-run", methods: ["POST"], middlewares: [validateAndTransformBody(AdminSmaregiDryRun)] },
  { matcher: "/admin/smaregi/requests", methods: ["GET"], middlewares: [query(AdminListSmaregiRequests)] },
  { matcher: "/admin/smaregi/stats", methods: ["GET"], middlewares: [query(AdminSmaregiStats)] },
]
