import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { recordTransactionDelivery } from "../../modules/smaregi/inbox"
import { compareUpdDateTime } from "../../smaregi/classify"
import type { SmaregiClient, SmaregiRow } from "../../smaregi/client"
import {
  transactionDetailSchema,
  transactionHeadSchema,
  type SmaregiTransaction,
  type TransactionDetail,
  type TransactionHead,
} from "../../smaregi/push"
import { SmaregiNotConfiguredError, smaregiClientFor } from "../shared/smaregi-client"
import { errorMessage } from "./lib/outcome"
import { processTransaction } from "./lib/process"
import { findTransactionRow, smaregiService } from "./lib/transaction-row"

export const DEFAULT_RECONCILE_LOOKBACK_DAYS = 2
const DETAIL_BATCH = 50

export type ReconcileResult = {
  connection_id: string
  /** why nothing was pulled (disabled, no credentials) */
  skipped: string | null
  from: string | null
  watermark: string | null
  heads: number
  /** heads fed into the inbox and processed (new, newer than stored, or never processed) */
  fed: number
  /** heads already stored and processed with this data */
  known: number
  errors: string[]
}

/**
 * IN-18: pulls heads updated since the connection's watermark (transaction_ref), feeds the ones the push
 * missed through the same inbox and idempotent processing as the webhook, then advances the watermark.
 * Running it again only finds what it already stored.
 */
export async function reconcileSmaregiConnection(
  container: MedusaContainer,
  connectionId: string,
  opts: { now?: Date } = {}
): Promise<ReconcileResult> {
  const smaregi = smaregiService(container)
  const connection = await smaregi.getPublicConnection(connectionId)
  const result: ReconcileResult = {
    connection_id: connectionId,
    skipped: null,
    from: null,
    watermark: connection.reconcile_watermark,
    heads: 0,
    fed: 0,
    known: 0,
    errors: [],
  }
  const { settings } = connection
  if (!connection.enabled || !settings.importEnabled || !settings.reconcileEnabled) {
    result.skipped = !connection.enabled ? "connection disabled" : !settings.importEnabled ? "sales import disabled" : "reconciliation disabled"
    return result
  }
  let client: SmaregiClient
  try {
    client = await smaregiClientFor(container, connectionId)
  } catch (error) {
    if (!(error instanceof SmaregiNotConfiguredError)) throw error
    result.skipped = error.message
    return result
  }

  return container.resolve(Modules.LOCKING).execute(
    `smaregi:reconcile:${connectionId}`,
    async () => {
      const from = connection.reconcile_watermark ?? jstDateTime(new Date((opts.now ?? new Date()).getTime() - DEFAULT_RECONCILE_LOOKBACK_DAYS * 86_400_000))
      result.from = from
      const headRows = await client.refAll("transaction_ref", {
        table: "TransactionHead",
        conditions: [{ "updDateTime >=": from }],
        order: ["updDateTime"],
      })
      const heads: TransactionHead[] = []
      for (const raw of headRows.rows) {
        const parsed = transactionHeadSchema.safeParse(raw)
        if (parsed.success) heads.push(parsed.data)
        else result.errors.push(`TransactionHead ${raw.transactionHeadId ?? "(no id)"}: ${parsed.error.issues[0]?.message ?? "invalid"}`)
      }
      heads.sort((a, b) => compareUpdDateTime(a.updDateTime, b.updDateTime))
      result.heads = heads.length

      const wanted: TransactionHead[] = []
      for (const head of heads) {
        const row = await findTransactionRow(container, connectionId, head.transactionHeadId)
        const unseen = !row || compareUpdDateTime(head.updDateTime, row.upd_date_time) > 0 || row.status === "received"
        if (unseen) wanted.push(head)
        else result.known++
      }
      const details = await fetchDetails(client, wanted.map((h) => h.transactionHeadId), result.errors)

      let watermark = connection.reconcile_watermark
      let blocked = false
      for (const head of heads) {
        if (wanted.includes(head)) {
          const tx: SmaregiTransaction = { head, details: details.get(head.transactionHeadId) ?? [] }
          try {
            const delivery = await recordTransactionDelivery(smaregi, { connectionId, transaction: tx })
            result.fed++
            await processTransaction(container, { transaction_id: delivery.transactionId, delivered_upd_date_time: head.updDateTime ?? null })
          } catch (error) {
            // Stored heads are safe; a head that could not even be stored keeps the watermark behind it.
            result.errors.push(`transaction ${head.transactionHeadId}: ${errorMessage(error)}`)
            blocked ||= !(await findTransactionRow(container, connectionId, head.transactionHeadId))
          }
        }
        if (!blocked && head.updDateTime && compareUpdDateTime(head.updDateTime, watermark) > 0) watermark = head.updDateTime
      }
      result.watermark = watermark
      await smaregi.updateSmaregiConnections({ id: connectionId, reconcile_watermark: watermark, reconciled_at: new Date() })
      if (result.errors.length) {
        container
          .resolve(ContainerRegistrationKeys.LOGGER)
          .warn(`smaregi: reconciliation of connection ${connectionId}: ${result.errors.join("; ")}`)
      }
      return result
    },
    { timeout: 5, expire: 900 }
  )
}

async function fetchDetails(client: SmaregiClient, headIds: string[], errors: string[]): Promise<Map<string, TransactionDetail[]>> {
  const byHead = new Map<string, TransactionDetail[]>()
  for (let i = 0; i < headIds.length; i += DETAIL_BATCH) {
    const batch = headIds.slice(i, i + DETAIL_BATCH)
    const { rows } = await client.refAll("transaction_ref", {
      table: "TransactionDetail",
      conditions: batch.map((id) => ({ transactionHeadId: id })),
      order: ["transactionHeadId", "transactionDetailId"],
    })
    for (const raw of rows as SmaregiRow[]) {
      const parsed = transactionDetailSchema.safeParse(raw)
      if (!parsed.success) {
        errors.push(`TransactionDetail ${raw.transactionHeadId}/${raw.transactionDetailId}: ${parsed.error.issues[0]?.message ?? "invalid"}`)
        continue
      }
      const list = byHead.get(parsed.data.transactionHeadId) ?? []
      list.push(parsed.data)
      byHead.set(parsed.data.transactionHeadId, list)
    }
  }
  for (const list of byHead.values()) list.sort((a, b) => Number(a.transactionDetailId) - Number(b.transactionDetailId))
  return byHead
}

/** "YYYY-MM-DD HH:MM:SS" in JST, as Smaregi compares updDateTime. */
export function jstDateTime(at: Date): string {
  return new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 19).replace("T", " ")
}
