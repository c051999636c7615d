import type { FieldMappingEntry } from "./settings"
import { detailKind, unknownDivisionMessage } from "./classify"
import { appliedSale, type AppliedSale } from "./order-diff"
import {
  jstToIso,
  mapOrderFields,
  METADATA_HEAD_ID_KEY,
  METADATA_POS_KEY,
  posMetadata,
  withoutNulls,
} from "./order-metadata"
import type { SmaregiTransaction, TransactionDetail } from "./transaction-schema"
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

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0)
}

function text(value: string | null | undefined): string {
  return (value ?? "").trim()
}
