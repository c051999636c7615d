import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { requestMemberSync } from "../../../../../workflows/members/request-member-sync"
import { smaregiService } from "../../../../../workflows/members/store"
import type { MemberRecord } from "../helpers"
import type { AdminResyncFailedMembersType } from "../validators"

const PAGE = 500

/** POST /admin/smaregi/members/resync-failed — push every failed member again (optionally of one connection). */
export async function POST(req: AuthenticatedMedusaRequest<AdminResyncFailedMembersType>, res: MedusaResponse) {
  const smaregi = smaregiService(req.scope)
  const filters: Record<string, unknown> = { status: "failed" }
  if (req.validatedBody.connection_id) filters.connection_id = req.validatedBody.connection_id
  const failed = (await smaregi.listSmaregiMembers(filters, { select: ["id", "customer_id", "connection_id"], take: null })) as unknown as MemberRecord[]
  let queued = 0
  let skipped = 0
  const byConnection = new Map<string, string[]>()
  for (const m of failed) byConnection.set(m.connection_id, [...(byConnection.get(m.connection_id) ?? []), m.customer_id])
  for (const [connectionId, customerIds] of byConnection) {
    for (let i = 0; i < customerIds.length; i += PAGE) {
      const result = await requestMemberSync(req.scope, customerIds.slice(i, i + PAGE), { connectionId, force: true, delayMs: 0 })
      queued += result.queued.length
      skipped += result.skipped.length
    }
  }
  res.json({ failed: failed.length, queued, skipped })
}
