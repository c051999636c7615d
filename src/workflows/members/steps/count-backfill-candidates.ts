import type { ICustomerModuleService, MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { memberEligibility } from "../../../smaregi/member-mapping"
import { memberSyncPausedReason } from "../../../smaregi/settings"
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

type IdFilter = { has_account: true; id?: { $gt: string } }

/** Customer ids after `cursor`, in id order (the backfill's resumable cursor). */
export async function registeredCustomersAfter(
  container: MedusaContainer,
  cursor: string | null,
  take: number,
  select: string[] = ["id"],
  relations: string[] = []
) {
  const customers: ICustomerModuleService = container.resolve(Modules.CUSTOMER)
  const filters: IdFilter = cursor ? { has_account: true, id: { $gt: cursor } } : { has_account: true }
  return customers.listCustomers(filters as Parameters<ICustomerModuleService["listCustomers"]>[0], {
    select,
    relations,
    order: { id: "ASC" },
    take,
  })
}

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
