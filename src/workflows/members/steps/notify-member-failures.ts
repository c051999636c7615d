import { createHash } from "node:crypto"
import type { ICustomerModuleService, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { emailPayload, MEMBER_FAILURE_TEMPLATE, type MemberFailure, memberFailureNotice } from "../../../smaregi/failure-notices"
import { adminUrl, sendFailureNotices } from "../../shared/failure-notices"
import { smaregiService } from "../store"
import type { MemberSyncResult } from "./record-member-outcomes"

async function namedFailures(container: MedusaContainer, failed: MemberSyncResult[]): Promise<MemberFailure[]> {
  const customers: ICustomerModuleService = container.resolve(Modules.CUSTOMER)
  const found = await customers.listCustomers(
    { id: [...new Set(failed.map((f) => f.customer_id))] },
    { select: ["id", "email", "first_name", "last_name"], take: null }
  )
  const byId = new Map(found.map((c) => [c.id, c]))
  return failed.map((f) => {
    const customer = byId.get(f.customer_id)
    const name = [customer?.last_name, customer?.first_name].filter(Boolean).join(" ")
    return {
      memberId: f.member_id,
      customerId: f.customer_id,
      customerCode: f.customer_code,
      customerName: name || null,
      customerEmail: customer?.email ?? null,
      errorCode: f.error_code,
      error: f.error,
    }
  })
}

/**
 * One error e-mail (連携エラー時メール配信) per sync run that failed members, to every configured address,
 * and one admin feed entry. Returns the number of e-mails sent.
 */
async function notifyMemberFailures(
  container: MedusaContainer,
  input: { connection_id: string; results: MemberSyncResult[] }
): Promise<number> {
  const failed = input.results.filter((r) => r.outcome === "failed")
  if (!failed.length) return 0
  const connection = await smaregiService(container).getPublicConnection(input.connection_id)
  const { errorMail, errorFeed } = connection.settings
  const to = errorMail.enabled ? errorMail.to : []
  if (!to.length && !errorFeed) return 0
  const runKey = createHash("sha256")
    .update(failed.map((f) => `${f.member_id}@${f.requested_token ?? ""}`).join(","))
    .digest("hex")
    .slice(0, 32)
  const notice = memberFailureNotice(connection.name, await namedFailures(container, failed), adminUrl())
  const data = {
    connection_id: connection.id,
    connection_name: connection.name,
    members: failed.map((f) => ({
      member_id: f.member_id,
      customer_id: f.customer_id,
      customer_code: f.customer_code,
      error_code: f.error_code,
      error: f.error,
    })),
  }
  const { mailed } = await sendFailureNotices(container, {
    to,
    email: emailPayload(notice, { templateId: errorMail.memberTemplate, defaultTemplate: MEMBER_FAILURE_TEMPLATE, data }),
    feed: errorFeed ? notice.feed : null,
    trigger_type: "smaregi.member.failed",
    resource_type: "smaregi_member",
    resource_id: failed[0].member_id,
    idempotencyKey: `smaregi-member-failed:${runKey}`,
  })
  return mailed
}

export const notifyMemberFailuresStep = createStep(
  "smaregi-notify-member-failures",
  async (input: { connection_id: string; results: MemberSyncResult[] }, { container }) =>
    new StepResponse(await notifyMemberFailures(container, input))
)
