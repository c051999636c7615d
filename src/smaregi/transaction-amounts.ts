import type { TransactionDetail, TransactionHead } from "./transaction-schema"

export class SmaregiAmountError extends Error {
  readonly field: string
  readonly value: unknown

  constructor(field: string, value: unknown, problem: string) {
    super(`${field}: ${problem}, got ${JSON.stringify(value)}`)
    this.name = "SmaregiAmountError"
    this.field = field
    this.value = value
  }
}

type Raw = string | number | null | undefined

const INTEGER = /^[+-]?\d+(?:\.0*)?$/
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/

/**
 * Integer yen (or count) from a Smaregi string: "100", "-100", "100.000".
 * null, undefined and "" read as 0 unless `required`.
 */
export function toInt(value: Raw, field: string, opts: { required?: boolean } = {}): number {
  const text = typeof value === "number" ? String(value) : value?.trim()
  if (text === undefined || text === null || text === "") {
    if (opts.required) {
      throw new SmaregiAmountError(field, value ?? null, "is required")
    }
    return 0
  }
  if (!INTEGER.test(text)) {
    throw new SmaregiAmountError(field, value, "must be an integer amount")
  }
  const n = Number.parseInt(text, 10)
  if (!Number.isSafeInteger(n)) {
    throw new SmaregiAmountError(field, value, "is out of range")
  }
  return n === 0 ? 0 : n
}

/** A decimal such as a tax rate ("10.000"); null when empty. */
export function toDecimal(value: Raw, field: string): number | null {
  const text = typeof value === "number" ? String(value) : value?.trim()
  if (text === undefined || text === null || text === "") {
    return null
  }
  if (!DECIMAL.test(text)) {
    throw new SmaregiAmountError(field, value, "must be a decimal number")
  }
  return Number(text)
}

export type TaxDivision = "included" | "excluded" | "free"

const TAX_DIVISIONS: Record<string, TaxDivision> = { "0": "included", "1": "excluded", "2": "free" }

export type LineAmounts = {
  quantity: number
  /** selling unit price before the unit discount (salesPrice, else price) */
  unitPrice: number
  /** unit discount per unit (unitDiscountPrice) */
  unitDiscount: number
  lineTotalAfterUnitDiscount: number
  /** header discounts allocated to this line: subtotal discount + point + coupon */
  headerDiscountShare: number
  taxDivision: TaxDivision
  /** percent, e.g. 10 or 8; null when the row carries no rate */
  taxRate: number | null
  reducedTax: boolean
  isReturn: boolean
}

export function lineAmounts(detail: TransactionDetail): LineAmounts {
  const label = (field: string): string => `TransactionDetail ${detail.transactionDetailId} ${field}`
  const quantity = toInt(detail.quantity, label("quantity"), { required: true })
  const unitPrice = isSet(detail.salesPrice)
    ? toInt(detail.salesPrice, label("salesPrice"))
    : toInt(detail.price, label("price"), { required: true })
  const unitDiscount = toInt(detail.unitDiscountPrice, label("unitDiscountPrice"))
  const lineTotalAfterUnitDiscount = isSet(detail.unitDiscountedSum)
    ? toInt(detail.unitDiscountedSum, label("unitDiscountedSum"))
    : (unitPrice - unitDiscount) * quantity
  const headerDiscountShare =
    toInt(detail.discountPriceProportional, label("discountPriceProportional")) +
    toInt(detail.discountPointProportional, label("discountPointProportional")) +
    toInt(detail.discountCouponProportional, label("discountCouponProportional"))

  const divisionCode = (detail.taxDivision ?? "0").trim() || "0"
  const taxDivision = TAX_DIVISIONS[divisionCode]
  if (!taxDivision) {
    throw new SmaregiAmountError(label("taxDivision"), detail.taxDivision, 'must be "0", "1" or "2"')
  }
  const reducedTax = isSet(detail.reduceTaxId) && detail.reduceTaxId.trim() !== "0"
  const reducedRate = reducedTax ? toDecimal(detail.reduceTaxRate, label("reduceTaxRate")) : null
  const taxRate = taxDivision === "free" ? 0 : reducedRate ?? toDecimal(detail.taxRate, label("taxRate"))

  return {
    quantity,
    unitPrice,
    unitDiscount,
    lineTotalAfterUnitDiscount,
    headerDiscountShare,
    taxDivision,
    taxRate,
    reducedTax,
    isReturn: (detail.transactionDetailDivision ?? "").trim() === "2",
  }
}

export type HeadAmounts = {
  subtotal: number
  subtotalDiscount: number
  pointDiscount: number
  couponDiscount: number
  total: number
  taxInclude: number
  taxExclude: number
  spendPoint: number
  newPoint: number
  roundingPrice: number
}

export function headAmounts(head: TransactionHead): HeadAmounts {
  const label = (field: string): string => `TransactionHead ${head.transactionHeadId} ${field}`
  return {
    subtotal: toInt(head.subtotal, label("subtotal")),
    subtotalDiscount: toInt(head.subtotalDiscountPrice, label("subtotalDiscountPrice")),
    pointDiscount: toInt(head.pointDiscount, label("pointDiscount")),
    couponDiscount: toInt(head.couponDiscount, label("couponDiscount")),
    total: toInt(head.total, label("total"), { required: true }),
    taxInclude: toInt(head.taxInclude, label("taxInclude")),
    taxExclude: toInt(head.taxExclude, label("taxExclude")),
    spendPoint: toInt(head.spendPoint, label("spendPoint")),
    newPoint: toInt(head.newPoint, label("newPoint")),
    roundingPrice: toInt(head.roundingPrice, label("roundingPrice")),
  }
}

function isSet(value: string | null | undefined): value is string {
  return value !== null && value !== undefined && value.trim() !== ""
}
