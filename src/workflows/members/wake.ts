import type { IEventBusModuleService, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { SmaregiEvents } from "../../events"
import { memberSyncTiming } from "./config"
import { memberRecords } from "./store"

/** A wake scheduled this long ago and never taken is treated as lost (its event or process went away). */
const LOST_WAKE_MS = 30_000

/**
 * Asks for the connection's due members to be synced `delayMs` from now: one delayed smaregi.member.sync_due
 * event per connection and window (a sooner request moves it forward); its subscriber runs syncMembersWorkflow.
 */
export async function scheduleMemberSync(container: MedusaContainer, connectionId: string, delayMs = memberSyncTiming().delayMs): Promise<void> {
  const delay = Math.max(0, Math.round(delayMs))
  if (!(await memberRecords(container).wakes.schedule(connectionId, delay, LOST_WAKE_MS))) return
  // A few ms late so that the database clock agrees the members are due.
  await container
    .resolve<IEventBusModuleService>(Modules.EVENT_BUS)
    .emit({ name: SmaregiEvents.MEMBER_SYNC_DUE, data: { connection_id: connectionId } }, { delay: delay + 25 })
}
