import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { envMs } from "../smaregi/env"
import { memberSyncActive } from "../smaregi/settings"
import { resumeStaleBackfills } from "../workflows/members/backfill"
import { resumeStaleMemberImports } from "../workflows/members/member-import"
import { smaregiService } from "../workflows/members/store"
import { syncMembersWorkflow } from "../workflows/members/sync-members"

/**
 * The durable side of member sync (the event bus never retries): every minute (SMAREGI_MEMBER_RETRY_INTERVAL_MS),
 * sync the due pending members of
 * every connection (retries after backoff, syncs whose process or wake event died; a run that claimed
 * members schedules the next) and pick up backfills and member imports whose
 * runner stopped.
 */
export default async function retrySmaregiMemberSync(container: MedusaContainer): Promise<void> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const connections = await smaregiService(container).listPublicConnections()
  for (const connection of connections.filter(memberSyncActive)) {
    try {
      await syncMembersWorkflow(container).run({ input: { connection_id: connection.id } })
    } catch (e) {
      logger.error(`smaregi: member retry for connection ${connection.id} failed: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
  await resumeStaleBackfills(container)
  await resumeStaleMemberImports(container)
}

export const config = {
  name: "retry-smaregi-member-sync",
  schedule: { interval: envMs("SMAREGI_MEMBER_RETRY_INTERVAL_MS", 60_000, 1), concurrency: "forbid" as const },
}
