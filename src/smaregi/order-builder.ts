import type { FieldMappingEntry } from "./settings"
import { detailKind, unknownDivisionMessage } from "./classify"
import type { SmaregiTransaction, TransactionDetail, TransactionHead } from "./transaction-schema"
import { headAmounts, lineAmounts, toInt, type LineAmounts } from "./transaction-amounts"

// Smaregi sale → the input of Medusa's createOrderWorkflow. POS prices are used verbatim; every yen
// between Σ prices and Smaregi's `total` is represented as a line adjustment (discounts) or a custom line
// (surcharges), so the order total always equals `total`.

export type OrderBuildSettings = {
  fieldMapping: readonly FieldMappingEntry[]
  lineNameSource: "smaregi" | "medusa"
  currencyCode: string
}

export type ResolvedVariant = {
  variantId: string
  productId: string | null
  productTitle: string | null
  variantTitle: string | null
  sku: string | null
}

/** Resolved variant per product line (department lines have none), keyed by transactionDetailId. */
export type VariantMap = Record<string, ResolvedVariant>

export const SMAREGI_PROVIDER = "smaregi"

export type OrderTaxLine = { code: string; rate: number; description: string; provider_id: typeof SMAREGI_PROVIDER }

/** No `code`: Medusa's promotion refresh removes every coded adjustment that is not a promotion. */
export type OrderAdjustment = {
  amount: number
  description: string
  is_tax_inclusive: boolean
  provider_id: typeof SMAREGI_PROVIDER
}

export type OrderItemKind = "sale" | "department" | "tax_exclude" | "commission" | "rounding" | "adjustment"

export type OrderItemInput = {
  title: string
  subtitle?: string
  variant_id?: string
  quantity: number
  unit_price: number
  is_tax_inclusive: boolean
  requires_shipping: false
  /** The sale already happened at the register: never refuse it for stock (read by inventory confirmation, not stored). */
  allow_backorder?: true
  tax_lines: OrderTaxLine[]
  adjustments: OrderAdjustment[]
  metadata: Record<string, string | number | null>
}

export type OrderShippingMethodInput = {
  name: string
  amount: number
  is_tax_inclusive: true
  data: Record<string, string>
}

export type OrderAmounts = {
  /** Smaregi `total`: what the order totals. */
  total: number
  /** Σ sale lines after unit and header discounts */
  lines: number
  taxExclude: number
  carriage: number
  commission: number
  rounding: number
  /** Return lines netted into the same head (exchanges) */
  returnCredit: number
  /** What Smaregi's total holds beyond the known components (kept visible in metadata). */
  residual: number
}

export type StockLine = { detailId: string; variantId: string; quantity: number }

export type OrderBuild = {
  currency_code: string
  email: string | null
  items: OrderItemInput[]
  shipping_methods: OrderShippingMethodInput[]
  metadata: Record<string, unknown>
  /** terminalTranDateTime as an instant (ISO 8601), the order's created_at. */
  saleAt: string | null
  amounts: OrderAmounts
  points: { spend: number; earn: number }
  stock: StockLine[]
  /** the sale's signature, stored with the order to diff later updates against */
  applied: AppliedSale
}

export class OrderBuildError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "OrderBuildError"
  }
}

export const METADATA_POS_KEY = "smaregi_pos"
/** Always set, whatever the field mapping: other flows (online points) recognise POS orders by it. */
export const METADATA_HEAD_ID_KEY = "smaregi_transaction_head_id"
export const METADATA_APPLIED_KEY = "smaregi_applied"

const TAX_CODES: Record<string, string> = { "10": "JP-CT-10", "8": "JP-CT-8-REDUCED" }

export function buildOrderInput(input: {
  transaction: SmaregiTransaction
  saleLines: TransactionDetail[]
  variants: VariantMap
  settings: OrderBuildSettings
}): OrderBuild {
  const { transaction, saleLines, variants, settings } = input
  const { head, details } = transaction
  if (saleLines.length === 0) {
    throw new OrderBuildError(`transaction ${head.transactionHeadId} has no sale lines`)
  }
  const amounts = headAmounts(head)
  const carriage = toInt(head.carriage, "TransactionHead carriage")
  const commission = toInt(head.commission, "TransactionHead commission")

  const lines = saleLines.map((detail) => {
    const la = lineAmounts(detail)
    if (la.quantity <= 0) {
      throw new OrderBuildError(
        `TransactionDetail ${detail.transactionDetailId} quantity must be positive, got ${JSON.stringify(detail.quantity)}`
      )
    }
    const kind = detailKind(detail)
    if (kind === null || kind === "return") {
      throw new OrderBuildError(
        kind === null ? unknownDivisionMessage(detail) : `TransactionDetail ${detail.transactionDetailId} is a return line, not a sale line`
      )
    }
    // 部門売り: a custom line, never a variant.
    if (kind === "department") return { detail, la, variant: null }
    const variant = variants[detail.transactionDetailId]
    if (!variant) {
      throw new OrderBuildError(
        `no Medusa variant resolved for product code ${JSON.stringify(detail.productCode ?? "")} (TransactionDetail ${detail.transactionDetailId})`
      )
    }
    return { detail, la, variant }
  })

  const weights = lines.map((l) => Math.max(0, l.la.lineTotalAfterUnitDiscount))
  const subtotalShares = headerShares(lines, "discountPriceProportional", amounts.subtotalDiscount, weights)
  const pointShares = headerShares(lines, "discountPointProportional", amounts.pointDiscount, weights)
  const couponShares = headerShares(lines, "discountCouponProportional", amounts.couponDiscount, weights)

  const items: OrderItemInput[] = lines.map(({ detail, la, variant }, i): OrderItemInput => {
    const inclusive = la.taxDivision !== "excluded"
    const adjustments: OrderAdjustment[] = []
    const add = (amount: number, description: string): void => {
      if (amount > 0) adjustments.push({ amount, description, is_tax_inclusive: inclusive, provider_id: SMAREGI_PROVIDER })
    }
    add(la.unitPrice * la.quantity - la.lineTotalAfterUnitDiscount, "単品値引 (unit discount)")
    add(subtotalShares[i], "小計値引 (subtotal discount)")
    add(pointShares[i], "ポイント値引 (point discount)")
    add(couponShares[i], "クーポン値引 (coupon discount)")
    if (variant === null) {
      return {
        ...departmentNames(detail),
        quantity: la.quantity,
        unit_price: la.unitPrice,
        is_tax_inclusive: inclusive,
        requires_shipping: false,
        tax_lines: la.taxDivision === "included" ? taxLines(la) : [],
        adjustments,
        metadata: {
          smaregi_line: "department",
          smaregi_transaction_detail_id: detail.transactionDetailId,
          smaregi_category_id: text(detail.categoryId) || null,
          smaregi_category_name: text(detail.categoryName) || null,
        },
      }
    }
    return {
      title: lineTitle(detail, variant, settings.lineNameSource),
      subtitle: lineSubtitle(detail, variant, settings.lineNameSource),
      variant_id: variant.variantId,
      quantity: la.quantity,
      unit_price: la.unitPrice,
      is_tax_inclusive: inclusive,
      requires_shipping: false,
      allow_backorder: true,
      tax_lines: la.taxDivision === "included" ? taxLines(la) : [],
      adjustments,
      metadata: {
        smaregi_transaction_detail_id: detail.transactionDetailId,
        smaregi_product_id: detail.productId ?? null,
        smaregi_product_code: detail.productCode ?? null,
        smaregi_color: detail.color ?? null,
        smaregi_size: detail.size ?? null,
      },
    }
  })

  const linesNet = sum(items.map(itemNet))
  const returnCredit = sum(
    details
      .filter((d) => (d.transactionDetailDivision ?? "").trim() === "2")
      .map((d) => {
        const la = lineAmounts(d)
        return la.lineTotalAfterUnitDiscount - la.headerDiscountShare
      })
  )
  const known = linesNet - returnCredit + amounts.taxExclude + carriage + commission + amounts.roundingPrice
  const residual = amounts.total - known

  const extra = (kind: OrderItemKind, title: string, amount: number): void => {
    items.push({
      title,
      quantity: 1,
      unit_price: amount,
      is_tax_inclusive: true,
      requires_shipping: false,
      tax_lines: [],
      adjustments: [],
      metadata: { smaregi_line: kind },
    })
  }
  const discount = (amount: number, description: string): void => {
    spreadDiscount(items, lines.length, amount, description)
  }

  if (amounts.taxExclude > 0) extra("tax_exclude", "消費税 (外税)", amounts.taxExclude)
  else discount(-amounts.taxExclude, "消費税 (外税) 調整")
  if (commission > 0) extra("commission", "手数料 (commission)", commission)
  else discount(-commission, "手数料 (commission) 調整")
  discount(returnCredit, "返品 (returned items)")
  if (amounts.roundingPrice > 0) extra("rounding", "端数処理 (rounding)", amounts.roundingPrice)
  else discount(-amounts.roundingPrice, "端数処理 (rounding)")
  if (residual > 0) extra("adjustment", "調整 (adjustment)", residual)
  else discount(-residual, "調整 (adjustment)")

  const shipping_methods: OrderShippingMethodInput[] =
    carriage > 0 ? [{ name: "送料 (carriage)", amount: carriage, is_tax_inclusive: true, data: { smaregi_line: "carriage" } }] : []
  if (carriage < 0) discount(-carriage, "送料 (carriage) 調整")

  const mapped = mapOrderFields(head, settings.fieldMapping)
  const saleAt = jstToIso(head.terminalTranDateTime) ?? jstToIso(head.transactionDateTime)
  const orderAmounts: OrderAmounts = {
    total: amounts.total,
    lines: linesNet,
    taxExclude: amounts.taxExclude,
    carriage,
    commission,
    rounding: amounts.roundingPrice,
    returnCredit,
    residual,
  }
  const points = { spend: amounts.spendPoint, earn: amounts.newPoint }

  return {
    currency_code: settings.currencyCode,
    email: mapped.email,
    items,
    shipping_methods,
    metadata: {
      ...withoutNulls(mapped.metadata),
      [METADATA_HEAD_ID_KEY]: head.transactionHeadId,
      [METADATA_POS_KEY]: posMetadata(head, saleAt, orderAmounts),
    },
    saleAt,
    amounts: orderAmounts,
    points,
    stock: lines.flatMap(({ detail, la, variant }) =>
      variant ? [{ detailId: detail.transactionDetailId, variantId: variant.variantId, quantity: la.quantity }] : []
    ),
    applied: appliedSale(transaction, saleLines),
  }
}

/** The order total Medusa computes from the items and shipping methods built here (tax-inclusive amounts). */
export function builtOrderTotal(build: Pick<OrderBuild, "items" | "shipping_methods">): number {
  return sum(build.items.map(itemNet)) + sum(build.shipping_methods.map((m) => m.amount))
}

function itemNet(item: OrderItemInput): number {
  return item.unit_price * item.quantity - sum(item.adjustments.map((a) => a.amount))
}

type ShareField = "discountPriceProportional" | "discountPointProportional" | "discountCouponProportional"

/** The register's own allocation when it adds up to the head amount, else a largest-remainder split by line value. */
function headerShares(lines: Array<{ detail: TransactionDetail }>, field: ShareField, amount: number, weights: number[]): number[] {
  const given = lines.map(({ detail }) => toInt(detail[field], `TransactionDetail ${detail.transactionDetailId} ${field}`))
  if (sum(given) === amount) return given
  return allocate(amount, weights)
}

export function allocate(amount: number, weights: number[]): number[] {
  const total = sum(weights)
  if (amount === 0) return weights.map(() => 0)
  if (total <= 0) return weights.map((_, i) => (i === 0 ? amount : 0))
  const exact = weights.map((w) => (amount * w) / total)
  const shares = exact.map((x) => Math.floor(x))
  let rest = amount - sum(shares)
  const order = exact
    .map((x, i) => ({ i, frac: x - Math.floor(x) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i)
  for (const { i } of order) {
    if (rest <= 0) break
    shares[i] += 1
    rest -= 1
  }
  return shares
}

/** Adds a head-level discount to the sale lines, largest line first, never taking a line below zero. */
function spreadDiscount(items: OrderItemInput[], saleCount: number, amount: number, description: string): void {
  if (amount <= 0) return
  let rest = amount
  const order = items
    .slice(0, saleCount)
    .map((item, i) => ({ item, i, net: itemNet(item) }))
    .sort((a, b) => b.net - a.net || a.i - b.i)
  for (const { item, net } of order) {
    if (rest <= 0) break
    const take = Math.min(rest, net)
    if (take <= 0) continue
    item.adjustments.push({ amount: take, description, is_tax_inclusive: item.is_tax_inclusive, provider_id: SMAREGI_PROVIDER })
    rest -= take
  }
  if (rest > 0) {
    throw new OrderBuildError(`${description}: ${amount} yen exceeds the value of the sale lines; the order total would be negative`)
  }
}

function taxLines(la: LineAmounts): OrderTaxLine[] {
  if (la.taxRate === null || la.taxRate <= 0) return []
  const key = String(la.taxRate)
  return [
    {
      code: TAX_CODES[key] ?? `JP-CT-${key}`,
      rate: la.taxRate,
      description: la.reducedTax ? `消費税 ${key}% (軽減税率)` : `消費税 ${key}%`,
      provider_id: SMAREGI_PROVIDER,
    },
  ]
}

function lineTitle(detail: TransactionDetail, variant: ResolvedVariant, source: "smaregi" | "medusa"): string {
  const smaregi = text(detail.productName) || text(detail.productCode)
  const medusa = text(variant.productTitle)
  return (source === "medusa" ? medusa || smaregi : smaregi || medusa) || "商品"
}

export const DEPARTMENT_LINE_FALLBACK_TITLE = "部門売り"

/** A department line is titled by what the register printed (productName), else the department. */
function departmentNames(detail: TransactionDetail): { title: string; subtitle?: string } {
  const name = text(detail.productName)
  const department = text(detail.categoryName)
  const title = name || department || DEPARTMENT_LINE_FALLBACK_TITLE
  return department && department !== title ? { title, subtitle: department } : { title }
}

function lineSubtitle(detail: TransactionDetail, variant: ResolvedVariant, source: "smaregi" | "medusa"): string | undefined {
  const smaregi = [text(detail.color), text(detail.size)].filter(Boolean).join(" / ")
  const medusa = text(variant.variantTitle)
  return (source === "medusa" ? medusa || smaregi : smaregi || medusa) || undefined
}

// ---------------------------------------------------------------------------------------------
// Field mapping (受注連携項目マッピング)

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

function headValue(head: TransactionHead, field: string): string | null {
  const raw = (head as Record<string, unknown>)[field]
  if (raw === null || raw === undefined) return null
  const value = String(raw).trim()
  return value === "" ? null : value
}

function withoutNulls(values: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => e[1] !== null))
}

// ---------------------------------------------------------------------------------------------
// POS identity kept on the order whatever the field mapping says (the admin order widget reads it)

function posMetadata(head: TransactionHead, saleAt: string | null, amounts: OrderAmounts): Record<string, unknown> {
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

// ---------------------------------------------------------------------------------------------
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

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0)
}

function text(value: string | null | undefined): string {
  return (value ?? "").trim()
}
