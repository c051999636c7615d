// `--api platform`: each push goes into the fake Platform API, which then sends the store its IDs-only webhook.
import { randomUUID } from "node:crypto"
import type { PlatformOptions, PosOptions, PosScenario } from "./args"
import { toPlatformTransaction } from "./platform-transaction"
import { type BuildContext, buildPushes } from "./requests"
import type { PosResponse } from "./send"

export const PLATFORM_EVENT = "pos:transactions"

/** The body of the fake's POST /__fake/webhook (dev/fake-smaregi-platform/types.ts WebhookDelivery). */
export type PlatformWebhookOrder = {
  url: string
  contractId: string
  event: typeof PLATFORM_EVENT
  action: string
  ids: string[]
  eventId: string
  secret: string | null
  secretHeader: string
}

export type PlatformDelivery = {
  apiUrl: string
  contractId: string
  /** Platform-shaped, as GET /pos/transactions/{id}?with_details=all answers them. */
  transactions: Array<Record<string, unknown>>
  webhook: PlatformWebhookOrder
  transactionHeadIds: string[]
}

export type PlatformBuildResult = { ok: true; deliveries: PlatformDelivery[] } | { ok: false; message: string }

function actionFor(scenario: PosScenario, index: number): string {
  if (scenario === "update" || scenario === "cancel") return "edited"
  // return-cancel re-sends the original (now disposeDivision 1) and then creates the dispose record.
  if (scenario === "return-cancel" && index === 0) return "edited"
  return "created"
}

export function buildPlatformDeliveries(
  options: PosOptions & { platform: PlatformOptions },
  ctx: BuildContext & { eventId?: () => string }
): PlatformBuildResult {
  const newEventId = ctx.eventId ?? randomUUID
  const { apiUrl, contractId, secret, secretHeader } = options.platform
  const deliveries: PlatformDelivery[] = []
  try {
    buildPushes(options, ctx).forEach((push, index) => {
      if (!("transactions" in push)) {
        throw new Error("--api platform takes a file of {head, details} entries, not a v2 params object")
      }
      const ids = push.transactions.map((tx) => String(tx.head.transactionHeadId))
      deliveries.push({
        apiUrl,
        contractId,
        transactions: push.transactions.map(toPlatformTransaction),
        webhook: {
          url: options.url,
          contractId,
          event: PLATFORM_EVENT,
          action: actionFor(options.scenario, index),
          ids,
          eventId: newEventId(),
          secret,
          secretHeader,
        },
        transactionHeadIds: ids,
      })
    })
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) }
  }
  return { ok: true, deliveries: deliveries.flatMap((d) => Array.from({ length: options.repeat }, () => d)) }
}

const controlUrl = (delivery: PlatformDelivery, route: string): string => {
  const url = new URL(`__fake/${route}`, delivery.apiUrl.endsWith("/") ? delivery.apiUrl : `${delivery.apiUrl}/`)
  if (route === "transactions") url.searchParams.set("contractId", delivery.contractId)
  return url.toString()
}

async function postJson(url: string, body: unknown): Promise<PosResponse> {
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
  return { status: response.status, body: await response.text() }
}

/** Seeds the sales, then has the fake deliver the webhook; the result is the store's answer to it. */
export async function sendThroughFakePlatform(delivery: PlatformDelivery): Promise<PosResponse> {
  const seeded = await postJson(controlUrl(delivery, "transactions"), delivery.transactions)
  if (seeded.status !== 200) throw new Error(`the fake Platform API refused the sales: ${seeded.status} ${seeded.body}`)
  const sent = await postJson(controlUrl(delivery, "webhook"), delivery.webhook)
  if (sent.status !== 200) throw new Error(`the fake Platform API could not deliver the webhook: ${sent.status} ${sent.body}`)
  const answer = JSON.parse(sent.body) as { status: number; body: string }
  return { status: answer.status, body: answer.body }
}

export function formatPlatformDryRun(delivery: PlatformDelivery): string {
  return [
    `POST ${controlUrl(delivery, "transactions")}`,
    `# transactionHeadId: ${delivery.transactionHeadIds.join(",")}`,
    "",
    JSON.stringify(delivery.transactions),
    "",
    `POST ${controlUrl(delivery, "webhook")}`,
    "",
    JSON.stringify(delivery.webhook),
    "",
  ].join("\n")
}
