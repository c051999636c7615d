import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { SMAREGI_MODULE } from "../modules/smaregi"
import type SmaregiModuleService from "../modules/smaregi/service"
import { failStalePullRuns } from "../workflows/sales/pull-run"
import { reconcileSmaregiConnection } from "../workflows/sales/reconcile"
import { envMs } from "../smaregi/env"

/**
 * IN-18: Smaregi never retries a push, so every 15 minutes (SMAREGI_RECONCILE_INTERVAL_MS) each connection pulls what
 * it may have missed.
 */
export default async function reconcileSmaregiTransactions(container: MedusaContainer): Promise<void> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const smaregi = container.resolve<SmaregiModuleService>(SMAREGI_MODULE)
  const stale = await failStalePullRuns(container)
  if (stale.length) logger.warn(`smaregi: pulls ${stale.join(", ")} stopped making progress and were marked failed`)
  const connections = await smaregi.listPublicConnections()
  for (const connection of connections.filter((c) => c.enabled && c.settings.importEnabled && c.settings.reconcileEnabled)) {
    try {
      const result = await reconcileSmaregiConnection(container, connection.id)
      if (result.fed > 0) {
        logger.info(`smaregi: reconciliation of connection ${connection.id} fed ${result.fed} of ${result.heads} heads`)
      }
    } catch (error) {
      logger.error(
        `smaregi: reconciliation of connection ${connection.id} failed: ${error instanceof Error ? error.message : String(error)}`
      )
    }
  }
}

export const config = {
  name: "reconcile-smaregi-transactions",
  schedule: { interval: envMs("SMAREGI_RECONCILE_INTERVAL_MS", 15 * 60_000, 1), concurrency: "forbid" as const },
}
