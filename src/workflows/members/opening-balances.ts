import type { MedusaContainer } from "@medusajs/framework/types"
import type { SmaregiRow } from "../../smaregi/client"
import type { SmaregiTransport } from "../../modules/smaregi/transport/types"
import { openingBalanceOf } from "../../smaregi/member-import"

// A Smaregi member that existed before the store (linked or imported) holds its points in Smaregi: the web ledger
// is opened from that balance, once per member, before the plugin may ever send a balance back (smaregi-v2.md §8).

type OpeningInput = { customer_id: string; source_key: string; amount: number; expires_at?: string | null; reason: string; actor: string }
type PointsLedger = {
  openBalances(openings: OpeningInput[]): Promise<unknown>
  existingSourceKeys(keys: string[]): Promise<Set<string>>
}

export type ExistingMemberRef = { customer_id: string; smaregi_customer_id: string }

export const openingKey = (connectionId: string, smaregiCustomerId: string): string =>
  `smaregi-opening:${connectionId}:${smaregiCustomerId}`

function ledgerOf(container: MedusaContainer): PointsLedger | null {
  const points = container.resolve<PointsLedger | undefined>("points", { allowUnregistered: true })
  return points && typeof points.openBalances === "function" ? points : null
}

/** Opens the ledger of each member from its customer_ref row (`point`, `pointExpireDate`); a member already opened is skipped. */
export async function openBalancesFromRows(
  container: MedusaContainer,
  connectionId: string,
  members: Array<ExistingMemberRef & { row: SmaregiRow }>
): Promise<void> {
  const ledger = ledgerOf(container)
  if (!ledger || !members.length) return
  await ledger.openBalances(
    members.map((m) => {
      const opening = openingBalanceOf(m.row)
      return {
        customer_id: m.customer_id,
        source_key: openingKey(connectionId, m.smaregi_customer_id),
        amount: opening.amount,
        expires_at: opening.expires_at,
        reason: `Opening balance from Smaregi member ${m.row.customerCode ?? m.smaregi_customer_id}`,
        actor: "smaregi",
      }
    })
  )
}

/** The members whose ledger has been opened from Smaregi (all of them when the points module is not installed). */
export async function openedMembers(container: MedusaContainer, connectionId: string, members: ExistingMemberRef[]): Promise<Set<string>> {
  const ledger = ledgerOf(container)
  if (!ledger) return new Set(members.map((m) => m.smaregi_customer_id))
  const keys = await ledger.existingSourceKeys(members.map((m) => openingKey(connectionId, m.smaregi_customer_id)))
  return new Set(members.filter((m) => keys.has(openingKey(connectionId, m.smaregi_customer_id))).map((m) => m.smaregi_customer_id))
}

/** Reads the members' current rows (one customer_ref over their id range), by customerId. */
export async function readSmaregiMembers(transport: SmaregiTransport, smaregiCustomerIds: string[]): Promise<Map<string, SmaregiRow>> {
  if (!smaregiCustomerIds.length) return new Map()
  const wanted = new Set(smaregiCustomerIds)
  const { rows } = await transport.findMembers({
    fields: ["customerId", "customerCode", "point", "pointExpireDate", "status"],
    customerIds: smaregiCustomerIds,
  })
  return new Map(rows.filter((r) => r.customerId && wanted.has(r.customerId)).map((r) => [r.customerId as string, r]))
}

/**
 * Opens, from Smaregi, the ledger of each member not opened yet. Returns the Smaregi ids whose ledger is open
 * afterwards; a member Smaregi no longer has stays closed.
 */
export async function ensureOpenedBalances(
  container: MedusaContainer,
  transport: () => Promise<SmaregiTransport>,
  connectionId: string,
  members: ExistingMemberRef[]
): Promise<Set<string>> {
  const opened = await openedMembers(container, connectionId, members)
  const missing = members.filter((m) => !opened.has(m.smaregi_customer_id))
  if (!missing.length) return opened
  const rows = await readSmaregiMembers(await transport(), missing.map((m) => m.smaregi_customer_id))
  const found = missing.flatMap((m) => {
    const row = rows.get(m.smaregi_customer_id)
    return row ? [{ ...m, row }] : []
  })
  await openBalancesFromRows(container, connectionId, found)
  for (const m of found) opened.add(m.smaregi_customer_id)
  return opened
}
