import { type MiddlewareRoute, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { AdminExportSmaregiMembers, AdminListSmaregiMembers, AdminResyncFailedMembers, AdminStartMemberBackfill } from "./validators"

export const middlewares: MiddlewareRoute[] = [
  {
    matcher: "/admin/smaregi/members",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(AdminListSmaregiMembers, { isList: true, defaults: ["id"] })],
  },
  {
    matcher: "/admin/smaregi/members/export",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(AdminExportSmaregiMembers, {})],
  },
  {
    matcher: "/admin/smaregi/members/resync-failed",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminResyncFailedMembers)],
  },
  {
    matcher: "/admin/smaregi/members/backfill",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminStartMemberBackfill)],
  },
]
