import type { FieldMappingEntry } from "./settings"
import type { TransactionHead } from "./transaction-schema"
import type { OrderAmounts } from "./order-input"

// What an imported order carries besides its lines: the field mapping (受注連携項目マッピング) and the POS identity.

export const METADATA_POS_KEY = "smaregi_pos"
/** Always set, whatever the field mapping: other flows (online points) recognise POS orders by it. */
export const METADATA_HEAD_ID_KEY = "smaregi_transaction_head_id"
export const METADATA_APPLIED_KEY = "smaregi_applied"

export type MappedFields = {
  /** metadata key → value (null when Smaregi sent nothing) */
  metadata: Record<string, string | null>
  email: string | null
}

export function mapOrderFields(
  head: TransactionHead,
  mapping: readonly FieldMappingEntry[],
  opts: { updatableOnly?: boolean } = {}
): MappedFields {
  const metadata: Record<string, string | null> = {}
  let email: string | null = null
  for (const entry of mapping) {
    if (opts.updatableOnly && !entry.updatable) continue
    const value = headValue(head, entry.smaregi)
    if (entry.target === "email") {
      if (value && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) email = value
      continue
    }
    metadata[entry.target.slice("metadata.".length)] = value
  }
  return { metadata, email }
}

export function headValue(head: TransactionHead, field: string): string | null {
  const raw = (head as Record<string, unknown>)[field]
  if (raw === null || raw === undefined) return null
  const value = String(raw).trim()
  return value === "" ? null : value
}

export function withoutNulls(values: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => e[1] !== null))
}

// POS identity kept on the order whatever the field mapping says (the admin order widget reads it)

export function posMetadata(head: TransactionHead, saleAt: string | null, amounts: OrderAmounts): Record<string, unknown> {
  const v = (field: string): string | null => headValue(head, field)
  const others = [1, 2, 3]
    .map((n) => ({ id: v(`paymentMethodId${n}`), name: v(`paymentMethodName${n}`), amount: v(`depositOthers${n}`) }))
    .filter((p) => p.id !== null || p.name !== null || (p.amount !== null && p.amount !== "0"))
  return {
    transaction_head_id: head.transactionHeadId,
    store_id: v("storeId"),
    store_code: v("storeCode"),
    terminal_id: v("terminalId"),
    terminal_tran_id: v("terminalTranId"),
    terminal_tran_date_time: v("terminalTranDateTime"),
    sale_at: saleAt,
    staff_id: v("staffId"),
    staff_code: v("staffCode"),
    staff_name: v("staffName"),
    customer_id: v("customerId"),
    customer_code: v("customerCode"),
    total: amounts.total,
    tax_include: v("taxInclude"),
    tax_exclude: amounts.taxExclude,
    ...(amounts.residual !== 0 ? { amount_residual: amounts.residual } : {}),
    payment: {
      cash_total: v("cashTotal"),
      credit_total: v("creditTotal"),
      deposit: v("deposit"),
      deposit_cash: v("depositCash"),
      deposit_credit: v("depositCredit"),
      charge: v("charge"),
      others,
    },
    points: { spend: v("spendPoint"), earn: v("newPoint") },
  }
}

/** "YYYY-MM-DD HH:MM:SS" in JST (no offset, as Smaregi writes it) → ISO instant. */
export function jstToIso(value: string | null | undefined): string | null {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?$/.exec((value ?? "").trim())
  if (!m) return null
  const [y, mo, d, h, mi, s] = m.slice(1).map((part) => Number(part ?? 0))
  const wall = new Date(Date.UTC(y, mo - 1, d, h, mi, s))
  const exact =
    wall.getUTCFullYear() === y &&
    wall.getUTCMonth() === mo - 1 &&
    wall.getUTCDate() === d &&
    wall.getUTCHours() === h &&
    wall.getUTCMinutes() === mi &&
    wall.getUTCSeconds() === s
  return exact ? new Date(wall.getTime() - JST_OFFSET_MS).toISOString() : null
}

const JST_OFFSET_MS = 9 * 3_600_000
