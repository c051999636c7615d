import { detailKind } from "./classify"
import { headValue, mapOrderFields } from "./order-metadata"
import type { OrderBuildSettings } from "./order-input"
import type { SmaregiTransaction, TransactionDetail } from "./transaction-schema"
import { headAmounts, lineAmounts, toInt } from "./transaction-amounts"

// What was applied, and what an update changes (IN-16)

export type LineSignature = {
  id: string
  productCode: string | null
  color: string | null
  size: string | null
  quantity: number
  unitPrice: number
  discounted: number
  headerDiscount: number
  taxDivision: string
  /** department (categoryId) of a department line; absent on product lines */
  department?: string | null
}

export type AmountSignature = {
  total: number
  subtotalDiscount: number
  pointDiscount: number
  couponDiscount: number
  taxExclude: number
  carriage: number
  commission: number
  rounding: number
}

/** The part of a sale that shapes the order's lines and amounts, stored with the order when it is applied. */
export type AppliedSale = {
  updDateTime: string | null
  lines: LineSignature[]
  amounts: AmountSignature
  points: { spend: number; earn: number }
}

export function appliedSale(tx: SmaregiTransaction, saleLines: TransactionDetail[]): AppliedSale {
  const amounts = headAmounts(tx.head)
  return {
    updDateTime: tx.head.updDateTime ?? null,
    lines: saleLines.map(lineSignature),
    amounts: {
      total: amounts.total,
      subtotalDiscount: amounts.subtotalDiscount,
      pointDiscount: amounts.pointDiscount,
      couponDiscount: amounts.couponDiscount,
      taxExclude: amounts.taxExclude,
      carriage: toInt(tx.head.carriage, "TransactionHead carriage"),
      commission: toInt(tx.head.commission, "TransactionHead commission"),
      rounding: amounts.roundingPrice,
    },
    points: { spend: amounts.spendPoint, earn: amounts.newPoint },
  }
}

function lineSignature(detail: TransactionDetail): LineSignature {
  const la = lineAmounts(detail)
  return {
    id: detail.transactionDetailId,
    productCode: text(detail.productCode) || null,
    color: text(detail.color) || null,
    size: text(detail.size) || null,
    quantity: la.quantity,
    unitPrice: la.unitPrice,
    discounted: la.lineTotalAfterUnitDiscount,
    headerDiscount: la.headerDiscountShare,
    taxDivision: la.taxDivision,
    ...(detailKind(detail) === "department" ? { department: text(detail.categoryId) || null } : {}),
  }
}

export type AppliedState = {
  /** the order's current metadata (mapped values live there) */
  metadata: Record<string, unknown>
  email: string | null
  /** what the order's lines and amounts were built from; null when unknown */
  sale: AppliedSale | null
}

export type FieldChange = { smaregi: string; target: string; from: unknown; to: string | null }
export type LineChange = { id: string; change: "added" | "removed" | "changed"; fields: string[] }

export type UpdateDiff = {
  fields: FieldChange[]
  /** metadata keys to write (changed updatable entries only) */
  metadata: Record<string, string | null>
  email: string | null
  linesChanged: boolean
  lineChanges: LineChange[]
  amountChanges: string[]
  points: { spend: number; earn: number; changed: boolean }
}

export function diffForUpdate(
  applied: AppliedState,
  next: SmaregiTransaction,
  saleLines: TransactionDetail[],
  settings: Pick<OrderBuildSettings, "fieldMapping">
): UpdateDiff {
  const fields: FieldChange[] = []
  const metadata: Record<string, string | null> = {}
  let email: string | null = null
  for (const entry of settings.fieldMapping) {
    if (!entry.updatable) continue
    const to = headValue(next.head, entry.smaregi)
    if (entry.target === "email") {
      const mapped = mapOrderFields(next.head, [entry]).email
      if (mapped && mapped !== applied.email) {
        fields.push({ smaregi: entry.smaregi, target: entry.target, from: applied.email, to: mapped })
        email = mapped
      }
      continue
    }
    const key = entry.target.slice("metadata.".length)
    const from = applied.metadata[key] ?? null
    if ((from === null ? null : String(from)) !== to) {
      fields.push({ smaregi: entry.smaregi, target: entry.target, from, to })
      metadata[key] = to
    }
  }

  const nextSale = appliedSale(next, saleLines)
  const lineChanges = applied.sale ? compareLines(applied.sale.lines, nextSale.lines) : []
  const amountChanges = applied.sale
    ? (Object.keys(nextSale.amounts) as Array<keyof AmountSignature>)
        .filter((k) => applied.sale!.amounts[k] !== nextSale.amounts[k])
        .map((k) => `${k} ${applied.sale!.amounts[k]} → ${nextSale.amounts[k]}`)
    : []
  const before = applied.sale?.points ?? { spend: 0, earn: 0 }
  return {
    fields,
    metadata,
    email,
    linesChanged: lineChanges.length > 0 || amountChanges.length > 0,
    lineChanges,
    amountChanges,
    points: {
      ...nextSale.points,
      changed: before.spend !== nextSale.points.spend || before.earn !== nextSale.points.earn,
    },
  }
}

function compareLines(before: LineSignature[], after: LineSignature[]): LineChange[] {
  const changes: LineChange[] = []
  const old = new Map(before.map((l) => [l.id, l]))
  const seen = new Set<string>()
  for (const line of after) {
    seen.add(line.id)
    const prev = old.get(line.id)
    if (!prev) {
      changes.push({ id: line.id, change: "added", fields: [] })
      continue
    }
    const fields = (Object.keys(line) as Array<keyof LineSignature>).filter((k) => prev[k] !== line[k])
    if (fields.length) changes.push({ id: line.id, change: "changed", fields })
  }
  for (const line of before) {
    if (!seen.has(line.id)) changes.push({ id: line.id, change: "removed", fields: [] })
  }
  return changes
}

/** One line for an operator: what an update changed that the order cannot follow by itself. */
export function describeLineChanges(diff: Pick<UpdateDiff, "lineChanges" | "amountChanges">): string {
  const parts = diff.lineChanges.map((c) =>
    c.change === "changed" ? `detail ${c.id} changed (${c.fields.join(", ")})` : `detail ${c.id} ${c.change}`
  )
  if (diff.amountChanges.length) parts.push(`amounts changed (${diff.amountChanges.join("; ")})`)
  return parts.join("; ")
}

function text(value: string | null | undefined): string {
  return (value ?? "").trim()
}
