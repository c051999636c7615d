import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { SmaregiEvents } from "../../events"
import { setSourcePointsStep } from "./steps/set-source-points"

export type SetTransactionPointsInput = {
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

/**
 * IN-15: makes a sale's net point movement −spend +earn for its member (cancel = spend 0, earn 0),
 * exactly once per version, and asks for a member sync when a balance moved.
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
    return new WorkflowResponse(result)
  }
)
