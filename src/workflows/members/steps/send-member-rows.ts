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

// A transport writing member by member (Platform) has written, points included, every row before the one that
// failed: each row is sent and reported on its own, so a failure never resends (and credits twice) those before it.
// A transient failure is the API's (throttled, down), not the row's: the rows after it wait for the retry unsent.
async function sendOneByOne(transport: SmaregiTransport, items: SyncItem[], division: Division, results: SendResult[]): Promise<void> {
  for (const [i, item] of items.entries()) {
    await sendBatch(transport, [item], division, results)
    const result = results[results.length - 1]
    if (!result.ok && result.failure.kind === "transient") {
      for (const rest of items.slice(i + 1)) results.push({ member_id: rest.member.id, ok: false, failure: result.failure })
      return
    }
  }
}

/** U rows, then D rows: in batches of `batchSize` where the API writes several members a call, else one by one. */
export async function sendMemberBatches(transport: SmaregiTransport, writes: SyncItem[], batchSize: number): Promise<SendResult[]> {
  const results: SendResult[] = []
  const byDivision: Array<[Division, SyncItem[]]> = [
    ["U", writes.filter((p) => p.intent !== "delete")],
    ["D", writes.filter((p) => p.intent === "delete")],
  ]
  for (const [division, items] of byDivision) {
    if (!transport.capabilities.bulkMemberWrite) await sendOneByOne(transport, items, division, results)
    else for (const batch of chunk(items, batchSize)) await sendBatch(transport, batch, division, results)
  }
  return results
}

/** The prepared rows through the connection's transport and the shared rate limiter (v2: memberBatchSize a customer_upd). */
async function sendMemberRows(container: MedusaContainer, connectionId: string, writes: SyncItem[]): Promise<SendResult[]> {
  if (!writes.length) return []
  let transport: SmaregiTransport
  try {
    transport = await smaregiService(container).transportFor(connectionId)
  } catch (e) {
    const failure = classifySyncError(e)
    return writes.map((p): SendResult => ({ member_id: p.member.id, ok: false, failure }))
  }
  const { settings } = await smaregiService(container).getPublicConnection(connectionId)
  return sendMemberBatches(transport, writes, settings.memberBatchSize)
}

export const sendMemberRowsStep = createStep(
  "smaregi-send-member-rows",
  async (input: { connection_id: string; writes: SyncItem[] }, { container }) =>
    new StepResponse(await sendMemberRows(container, input.connection_id, input.writes))
)
