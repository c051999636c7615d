import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMAREGI_MODULE } from "../../../modules/smaregi"
import type { InboxDelivery } from "../../../modules/smaregi/inbox"
import type SmaregiModuleService from "../../../modules/smaregi/service"
import type { SmaregiTransaction } from "../../../smaregi/transaction-schema"

/** Feeds the re-read transactions into the same inbox as a v2 push (one row per head, a `received` event each). */
export const recordPlatformDeliveriesStep = createStep(
  "smaregi-record-platform-deliveries",
  async (input: { connectionId: string; transactions: SmaregiTransaction[] }, { container }): Promise<StepResponse<InboxDelivery[]>> => {
    const smaregi = container.resolve<SmaregiModuleService>(SMAREGI_MODULE)
    const deliveries: InboxDelivery[] = []
    for (const transaction of input.transactions) {
      deliveries.push(await smaregi.recordSmaregiTransactionDelivery({ connectionId: input.connectionId, transaction }))
    }
    return new StepResponse(deliveries)
  }
)
