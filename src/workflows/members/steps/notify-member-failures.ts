import { createHash } from "node:crypto"
import type { INotificationModuleService, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { smaregiService } from "../store"
import type { MemberPushResult } from "./record-member-outcomes"

export const MEMBER_FAILURE_TEMPLATE = "smaregi-member-sync-failed"

function mailText(connectionName: string, failed: MemberPushResult[]): string {
  const lines = failed.map(
    (f) => `- 会員ID ${f.customer_code} (customer ${f.customer_id}): [${f.error_code ?? "?"}] ${f.error ?? ""}`
  )
  return [
    `スマレジ会員連携でエラーが発生しました (${connectionName})。`,
    `Smaregi member sync failed for ${failed.length} customer(s) (${connectionName}):`,
    "",
    ...lines,
    "",
    "Fix the data or the settings, then press Resync in Admin › Smaregi › Members.",
  ].join("\n")
}

/** One error e-mail (連携エラー時メール配信) per push run that failed members, to every configured address. */
export async function notifyMemberFailures(
  container: MedusaContainer,
  input: { connection_id: string; results: MemberPushResult[] }
): Promise<number> {
  const failed = input.results.filter((r) => r.outcome === "failed")
  if (!failed.length) return 0
  const connection = await smaregiService(container).getPublicConnection(input.connection_id)
  const { errorMail } = connection.settings
  if (!errorMail.enabled || !errorMail.to.length) return 0
  const runKey = createHash("sha256")
    .update(failed.map((f) => `${f.member_id}@${f.requested_token ?? ""}`).join(","))
    .digest("hex")
    .slice(0, 32)
  const subject = `[Smaregi] 会員連携エラー ${failed.length}件 / member sync failed (${connection.name})`
  const notifications: INotificationModuleService = container.resolve(Modules.NOTIFICATION)
  await notifications.createNotifications(
    errorMail.to.map((to) => ({
      to,
      channel: "email",
      template: MEMBER_FAILURE_TEMPLATE,
      trigger_type: "smaregi.member.failed",
      resource_type: "smaregi_member",
      resource_id: failed[0].member_id,
      idempotency_key: `smaregi-member-failed:${runKey}:${to}`,
      data: {
        connection_id: connection.id,
        connection_name: connection.name,
        members: failed.map((f) => ({
          member_id: f.member_id,
          customer_id: f.customer_id,
          customer_code: f.customer_code,
          error_code: f.error_code,
          error: f.error,
        })),
      },
      content: { subject, text: mailText(connection.name, failed) },
    }))
  )
  return errorMail.to.length
}

export const notifyMemberFailuresStep = createStep(
  "smaregi-notify-member-failures",
  async (input: { connection_id: string; results: MemberPushResult[] }, { container }) =>
    new StepResponse(await notifyMemberFailures(container, input))
)
