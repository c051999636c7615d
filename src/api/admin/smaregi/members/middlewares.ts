import { type MiddlewareRoute, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { AdminApproveMemberLinks, AdminExportSmaregiMembers, AdminListSmaregiMembers, AdminResyncFailedMembers, AdminStartMemberBackfill } from "./validators"

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
  {
    matcher: "/admin/smaregi/members/links/approve",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminApproveMemberLinks)],
  },
]
