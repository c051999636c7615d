import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { SmaregiEvents } from "../../events"
import { claimPlatformEventStep } from "./steps/claim-platform-event"
import { fetchPlatformTransactionsStep } from "./steps/fetch-platform-transactions"
import { finishPlatformEventStep } from "./steps/finish-platform-event"
import { followPlatformMembersStep } from "./steps/follow-platform-members"
import { recordPlatformDeliveriesStep } from "./steps/record-platform-deliveries"

/**
 * A stored Platform API webhook: claim it, re-read its transactions through the transport, store them in the
 * inbox like a v2 push, mark it processed, and emit `smaregi.transaction.received` for each head so the
 * same processing imports them.
 */
export const processPlatformEventWorkflow = createWorkflow("smaregi-process-platform-event", (input: { id: string }) => {
  const event = claimPlatformEventStep(input)
  when({ event }, ({ event }) => !!event).then(() => {
    const transactions = fetchPlatformTransactionsStep(event)
    const recorded = recordPlatformDeliveriesStep({ connectionId: event.connection_id, transactions })
    followPlatformMembersStep(event)
    finishPlatformEventStep(input)
    const received = transform({ recorded }, ({ recorded }) =>
      recorded.map((d) => ({ id: d.transactionId, connection_id: d.connectionId, upd_date_time: d.updDateTime }))
    )
    emitEventStep({ eventName: SmaregiEvents.TRANSACTION_RECEIVED, data: received })
  })
  return new WorkflowResponse(event)
})
