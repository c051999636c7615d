import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { SmaregiTransport } from "../../../modules/smaregi/transport/types"
import type { SyncItem, SendResult } from "../outcomes"
import { smaregiService } from "../store"
import { classifySyncError } from "../sync-policy"

type Division = "U" | "D"

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

// A row-level refusal of a batch (41 …) says nothing about which row: halve until the bad rows stand alone,
// so the good rows still sync. Configuration errors and transient ones apply to the whole batch as they are.
async function sendBatch(transport: SmaregiTransport, items: SyncItem[], division: Division, results: SendResult[]): Promise<void> {
  try {
    const written = await transport.writeMembers(
      items.map((i) => i.row),
      division === "D" ? "delete" : "upsert",
      items.map((i) => i.points ?? null)
    )
    items.forEach((item, i) => results.push({ member_id: item.member.id, ok: true, smaregi_customer_id: written[i]?.customerId || undefined }))
  } catch (e) {
    const failure = classifySyncError(e)
    if (failure.kind === "row" && items.length > 1) {
      const middle = Math.ceil(items.length / 2)
      await sendBatch(transport, items.slice(0, middle), division, results)
      await sendBatch(transport, items.slice(middle), division, results)
      return
    }
    for (const item of items) results.push({ member_id: item.member.id, ok: false, failure })
  }
}

/** customer_upd in batches of memberBatchSize through the shared rate limiter (U rows, then D rows). */
async function sendMemberRows(container: MedusaContainer, connectionId: string, writes: SyncItem[]): Promise<SendResult[]> {
  const results: SendResult[] = []
  if (!writes.length) return results
  let transport: SmaregiTransport
  try {
    transport = await smaregiService(container).transportFor(connectionId)
  } catch (e) {
    const failure = classifySyncError(e)
    return writes.map((p): SendResult => ({ member_id: p.member.id, ok: false, failure }))
  }
  const { settings } = await smaregiService(container).getPublicConnection(connectionId)
  const byDivision: Array<[Division, SyncItem[]]> = [
    ["U", writes.filter((p) => p.intent !== "delete")],
    ["D", writes.filter((p) => p.intent === "delete")],
  ]
  for (const [division, items] of byDivision) {
    for (const batch of chunk(items, settings.memberBatchSize)) await sendBatch(transport, batch, division, results)
  }
  return results
}

export const sendMemberRowsStep = createStep(
  "smaregi-send-member-rows",
  async (input: { connection_id: string; writes: SyncItem[] }, { container }) =>
    new StepResponse(await sendMemberRows(container, input.connection_id, input.writes))
)
