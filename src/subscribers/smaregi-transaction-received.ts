import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { SmaregiEvents } from "../events"
import { errorMessage } from "../workflows/sales/lib/outcome"
import { processSmaregiTransaction } from "../workflows/sales/run-transaction"

type Received = { id: string; connection_id: string; upd_date_time?: string | null }

export default async function smaregiTransactionReceived({ event, container }: SubscriberArgs<Received>) {
  try {
    await processSmaregiTransaction(container, {
      transaction_id: event.data.id,
      delivered_upd_date_time: event.data.upd_date_time ?? null,
    })
  } catch (error) {
    // The local event bus only logs; the row stays `received` and reconciliation or a replay picks it up.
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .error(`smaregi: processing transaction ${event.data.id} failed: ${errorMessage(error)}`)
  }
}

export const config: SubscriberConfig = {
  event: SmaregiEvents.TRANSACTION_RECEIVED,
  context: { subscriberId: "smaregi-process-transaction" },
}
