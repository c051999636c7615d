import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMAREGI_MODULE } from "../../../modules/smaregi"
import type { PlatformEventRow } from "../../../modules/smaregi/repositories/platform-events"
import type SmaregiModuleService from "../../../modules/smaregi/service"
import { PlatformTransport } from "../../../modules/smaregi/transport/platform"
import type { SmaregiTransaction } from "../../../smaregi/transaction-schema"

/**
 * Every action of a `pos:transactions` event means "re-read these ids": each transaction with its details
 * through the connection's transport. An id Smaregi no longer knows is left out.
 */
export const fetchPlatformTransactionsStep = createStep(
  "smaregi-fetch-platform-transactions",
  async (event: Pick<PlatformEventRow, "connection_id" | "event" | "ids">, { container }): Promise<StepResponse<SmaregiTransaction[]>> => {
    if (event.event !== "pos:transactions" || !event.ids.length) return new StepResponse([])
    const smaregi = container.resolve<SmaregiModuleService>(SMAREGI_MODULE)
    const transport = await smaregi.transportFor(event.connection_id)
    if (!(transport instanceof PlatformTransport)) throw new Error(`connection ${event.connection_id} no longer uses the Platform API`)
    const found = await transport.readTransactions(event.ids)
    return new StepResponse([...found.values()])
  }
)
