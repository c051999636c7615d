import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { SmaregiEvents } from "../../events"
import { flagPointsDriftStep, type PointsDriftTransaction } from "./steps/flag-points-drift"
import { setSourcePointsStep } from "./steps/set-source-points"

export type SetTransactionPointsInput = {
  /** The Smaregi transaction row to flag when the register moved more points than the ledger held. */
  transaction?: PointsDriftTransaction
  customer_id: string
  /** e.g. "smaregi:tx:<connection_id>:<transactionHeadId>" */
  source: string
  /** spendPoint as sent (≥ 0) */
  spend: number
  /** newPoint as sent (≥ 0) */
  earn: number
  /** the Smaregi updDateTime; one version applies once, older ones are ignored */
  version: string
  /** expiry of the earned points; defaults to the points setting earnExpiryDays */
  expires_at?: string | null
}

/** The transaction a sale's points belong to, as setTransactionPointsWorkflow's `transaction`. */
export const pointsTransaction = (
  sale: { transaction_id: string; connection_id: string; transaction_head_id: string },
  orderId: string | null
): PointsDriftTransaction => ({
  id: sale.transaction_id,
  connection_id: sale.connection_id,
  transaction_head_id: sale.transaction_head_id,
  order_id: orderId,
})

/**
 * IN-15: makes a sale's net point movement −spend +earn for its member (cancel = spend 0, earn 0),
 * exactly once per version, and asks for a member sync when a balance moved. PTS-5: the register is authoritative,
 * so the movement is recorded even below zero; a debit beyond the balance flags the transaction `points_drift`.
 */
export const setTransactionPointsWorkflow = createWorkflow(
  "points-set-transaction-points",
  (input: SetTransactionPointsInput) => {
    const sourceInput = transform({ input }, ({ input }) => ({
      source: input.source,
      customer_id: input.customer_id,
      version: input.version,
      targets: { spend: -input.spend, earn: input.earn },
      actor: "smaregi",
      register: true,
      reasons: {
        spend: `Points used in sale ${input.source}`,
        earn: `Points earned in sale ${input.source}`,
      },
      ...(input.expires_at !== undefined ? { expires_at: input.expires_at } : {}),
    }))
    const result = setSourcePointsStep(sourceInput)
    const syncRequests = transform({ result }, ({ result }) =>
      result.changed_customer_ids.map((customer_id) => ({ customer_id, reason: "points" }))
    )
    emitEventStep({ eventName: SmaregiEvents.MEMBER_SYNC_REQUESTED, data: syncRequests })
    const drifted = flagPointsDriftStep(
      transform({ input, result }, ({ input, result }) => ({
        transaction: input.transaction,
        customer_id: input.customer_id,
        spend: input.spend,
        earn: input.earn,
        drift: result.drift,
      }))
    )
    emitEventStep({ eventName: SmaregiEvents.TRANSACTION_POINTS_DRIFT, data: drifted }).config({ name: "smaregi-emit-points-drift" })
    return new WorkflowResponse(result)
  }
)
