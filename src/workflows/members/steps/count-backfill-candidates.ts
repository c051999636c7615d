import type { ICustomerModuleService, MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { memberEligibility } from "../../../smaregi/member-mapping"
import { memberSyncPausedReason } from "../../../smaregi/settings"
import { registeredCustomersAfter } from "../customers"
import { smaregiService } from "../store"

export type BackfillCount = {
  connection_id: string
  /** Registered customers (has_account). */
  registered: number
  /** Registered and, with an approval group, in it — only counted for a dry run (null otherwise). */
  eligible: number | null
  /** Members already synced to Smaregi (their unchanged rows will not be sent again). */
  already_synced: number
}

const SCAN_PAGE = 1000

async function countEligible(container: MedusaContainer, approvalGroupId: string | null): Promise<number> {
  let eligible = 0
  let cursor: string | null = null
  for (;;) {
    const page = await registeredCustomersAfter(container, cursor, SCAN_PAGE, ["id", "has_account"], ["groups"])
    eligible += page.filter((c) => memberEligibility(c, approvalGroupId).eligible).length
    if (page.length < SCAN_PAGE) return eligible
    cursor = page[page.length - 1].id
  }
}

/** How many customers a backfill would go through; the exact eligible count is scanned only for a dry run. */
export const countBackfillCandidatesStep = createStep(
  "smaregi-count-backfill-candidates",
  async (input: { connection_id: string; dry_run?: boolean }, { container }) => {
    const smaregi = smaregiService(container)
    const connection = await smaregi.getPublicConnection(input.connection_id)
    if (!connection.enabled || !connection.settings.memberSyncEnabled) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Member sync is off for connection ${connection.id} (settings.memberSyncEnabled)`)
    }
    const paused = memberSyncPausedReason(connection.settings)
    if (paused) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, paused)
    const customers: ICustomerModuleService = container.resolve(Modules.CUSTOMER)
    const [, registered] = await customers.listAndCountCustomers({ has_account: true }, { select: ["id"], take: 1 })
    const [, alreadySynced] = await smaregi.listAndCountSmaregiMembers({ connection_id: connection.id, status: "synced" }, { take: 1 })
    const count: BackfillCount = {
      connection_id: connection.id,
      registered,
      eligible: input.dry_run ? await countEligible(container, connection.settings.approvalCustomerGroupId) : null,
      already_synced: alreadySynced,
    }
    return new StepResponse(count)
  }
)
