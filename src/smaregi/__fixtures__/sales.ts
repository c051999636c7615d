/**
 * Consistent transactions: lines in, every head/line amount computed the way the register does.
 */
import type { SmaregiTransaction } from "../transaction-schema"
import { type RowOverrides, DEFAULT_AT, DEFAULT_HEAD_ID, makeHead, makeDetail } from "./rows"
import { shiftDateTime } from "./times"

export type LineSpec = {
  productCode: string
  productName?: string
  color?: string | null
  size?: string | null
  groupCode?: string | null
  price: number
  quantity: number
  unitDiscount?: number
  taxDivision?: "0" | "1" | "2"
  /** 8 % 軽減税率 line */
  reduced?: boolean
  returnLine?: boolean
  /** 部門売り (division 3): no product; the department goes to categoryId / categoryName (see `departmentLine`) */
  department?: { id: string; name: string }
  overrides?: RowOverrides
}

/** A department line (部門売り): no productId / productCode / colour / size; `productName` is whatever the register printed. */
export function departmentLine(spec: {
  categoryId: string
  categoryName: string
  productName?: string | null
  price: number
  quantity: number
  unitDiscount?: number
  taxDivision?: "0" | "1" | "2"
  reduced?: boolean
  overrides?: RowOverrides
}): LineSpec {
  const { categoryId, categoryName, productName, ...rest } = spec
  return { ...rest, productCode: "", productName: productName ?? undefined, department: { id: categoryId, name: categoryName } }
}

export type TransactionSpec = {
  id?: string
  at?: string
  division?: string
  storeId?: string
  terminalTranId?: string
  customerId?: string | null
  customerCode?: string | null
  customerRank?: string | null
  lines: LineSpec[]
  subtotalDiscount?: number
  pointDiscount?: number
  couponDiscount?: number
  /** 付与ポイント; default 1 point per 100 yen of the total for members */
  newPoint?: number
  /** balance before the sale */
  pointBalance?: number
  payment?: "cash" | "credit"
  head?: RowOverrides
}

const REDUCED_TAX = { reduceTaxId: "10000001", reduceTaxName: "軽減税率", reduceTaxRate: "8.000" }

export function buildTransaction(spec: TransactionSpec): SmaregiTransaction {
  const id = spec.id ?? DEFAULT_HEAD_ID
  const at = spec.at ?? DEFAULT_AT
  const member = Boolean(spec.customerId || spec.customerCode)
  const subtotalDiscount = spec.subtotalDiscount ?? 0
  const pointDiscount = spec.pointDiscount ?? 0
  const couponDiscount = spec.couponDiscount ?? 0

  const lines = spec.lines.map((line) => {
    const unitDiscount = line.unitDiscount ?? 0
    const sign = line.returnLine ? -1 : 1
    return {
      line,
      sign,
      unitDiscount,
      nonDiscountSum: line.price * line.quantity,
      discountSum: unitDiscount * line.quantity,
      discountedSum: (line.price - unitDiscount) * line.quantity,
      rate: line.taxDivision === "2" ? 0 : line.reduced ? 8 : 10,
    }
  })
  const saleWeights = lines.map((l) => (l.sign > 0 ? l.discountedSum : 0))
  const priceShares = allocate(subtotalDiscount, saleWeights)
  const pointShares = allocate(pointDiscount, saleWeights)
  const couponShares = allocate(couponDiscount, saleWeights)

  let subtotal = 0
  let unitNonDiscountsubtotal = 0
  let unitDiscountsubtotal = 0
  let taxInclude = 0
  let taxExclude = 0
  let amount = 0
  let returnAmount = 0
  const details = lines.map((l, i) => {
    const net = l.discountedSum - priceShares[i]! - pointShares[i]! - couponShares[i]!
    const taxDivision = l.line.taxDivision ?? "0"
    const lineTaxInclude = taxDivision === "0" ? Math.floor((net * l.rate) / (100 + l.rate)) : 0
    const lineTaxExclude = taxDivision === "1" ? Math.floor((net * l.rate) / 100) : 0
    subtotal += l.sign * l.discountedSum
    unitNonDiscountsubtotal += l.sign * l.nonDiscountSum
    unitDiscountsubtotal += l.sign * l.discountSum
    taxInclude += l.sign * lineTaxInclude
    taxExclude += l.sign * lineTaxExclude
    if (l.sign > 0) amount += l.line.quantity
    else returnAmount += l.line.quantity
    const department = l.line.department
    return makeDetail({
      transactionHeadId: id,
      transactionDetailId: String(i + 1),
      transactionDetailDivision: l.line.returnLine ? "2" : department ? "3" : "1",
      productId: department ? null : productIdFor(l.line.productCode),
      productCode: department ? null : l.line.productCode,
      productName: l.line.productName ?? (department ? null : productNameFor(l.line.productCode)),
      color: l.line.color === undefined || department ? null : l.line.color,
      size: l.line.size === undefined || department ? null : l.line.size,
      groupCode: department ? null : l.line.groupCode === undefined ? l.line.productCode.split("-")[0]! : l.line.groupCode,
      ...(department ? { categoryId: department.id, categoryName: department.name } : {}),
      taxDivision,
      price: String(l.line.price),
      salesPrice: String(l.line.price),
      unitDiscountPrice: String(l.unitDiscount),
      unitDiscountDivision: l.unitDiscount > 0 ? "0" : null,
      quantity: String(l.line.quantity),
      unitNonDiscountSum: String(l.nonDiscountSum),
      unitDiscountSum: String(l.discountSum),
      unitDiscountedSum: String(l.discountedSum),
      discountPriceProportional: String(priceShares[i]),
      discountPointProportional: String(pointShares[i]),
      discountCouponProportional: String(couponShares[i]),
      taxIncludeProportional: String(lineTaxInclude),
      taxExcludeProportional: String(lineTaxExclude),
      taxRate: l.line.taxDivision === "2" ? "0.000" : `${l.rate}.000`,
      ...(l.line.reduced ? REDUCED_TAX : {}),
      updDateTime: at,
      transactionDateTime: at,
      ...l.line.overrides,
    })
  })

  const total = subtotal - subtotalDiscount - pointDiscount - couponDiscount + taxExclude
  const newPoint = spec.newPoint ?? (member && total > 0 ? Math.floor(total / 100) : 0)
  const pointBalance = spec.pointBalance ?? (member ? 500 : 0)
  const paidByCash = spec.payment === "cash"
  const deposit = paidByCash && total > 0 ? Math.ceil(total / 1000) * 1000 : total

  const head = makeHead({
    transactionHeadId: id,
    transactionDateTime: at,
    updDateTime: at,
    terminalTranDateTime: shiftDateTime(at, -2 / 60),
    sumDateTime: `${at.slice(0, 10)} 00:00:00`,
    transactionHeadDivision: spec.division ?? "1",
    storeId: spec.storeId ?? "1",
    terminalTranId: spec.terminalTranId ?? "88",
    unitNonDiscountsubtotal: String(unitNonDiscountsubtotal),
    unitDiscountsubtotal: String(unitDiscountsubtotal),
    subtotal: String(subtotal),
    subtotalForDiscount: String(subtotal),
    subtotalDiscountPrice: String(subtotalDiscount),
    subtotalDiscountDivision: subtotalDiscount > 0 ? "0" : null,
    pointDiscount: String(pointDiscount),
    couponDiscount: String(couponDiscount),
    total: String(total),
    taxInclude: String(taxInclude),
    taxExclude: String(taxExclude),
    cashTotal: paidByCash ? String(total) : "0",
    creditTotal: paidByCash ? "0" : String(total),
    deposit: String(deposit),
    depositCash: paidByCash ? String(deposit) : "0",
    depositCredit: paidByCash ? "0" : String(total),
    charge: String(deposit - total),
    amount: String(amount),
    returnAmount: String(returnAmount),
    inTaxSalesTotal: String(subtotal),
    newPoint: String(newPoint),
    spendPoint: String(pointDiscount),
    point: String(pointBalance),
    totalPoint: String(member ? pointBalance - pointDiscount + newPoint : 0),
    customerId: spec.customerId ?? null,
    customerCode: spec.customerCode ?? null,
    customerRank: spec.customerRank ?? (member ? "1" : null),
    transactionUuid: `53586${id.padStart(8, "0")}`,
    ...spec.head,
  })
  return { head, details }
}

/** Largest-remainder split of `amount` over `weights` (what the register does with header discounts). */
export function allocate(amount: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0)
  if (amount === 0 || sum === 0) return weights.map(() => 0)
  const exact = weights.map((w) => (amount * w) / sum)
  const shares = exact.map(Math.floor)
  let rest = amount - shares.reduce((a, b) => a + b, 0)
  const order = exact.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.i - b.i)
  for (const { i } of order) {
    if (rest <= 0) break
    shares[i]! += 1
    rest -= 1
  }
  return shares
}

const PRODUCT_NAMES: Record<string, string> = {
  TSHIRT: "Tシャツ",
  HOODIE: "パーカー",
  CAP: "キャップ",
  COFFEE: "コーヒー豆",
}

const COLOR_NAMES: Record<string, string> = {
  NAVY: "ネイビー",
  WHITE: "ホワイト",
  GREY: "グレー",
  BLACK: "ブラック",
}

function productNameFor(code: string): string {
  return PRODUCT_NAMES[code.split("-")[0]!] ?? code
}

function productIdFor(code: string): string {
  let hash = 0
  for (const ch of code) hash = (hash * 31 + ch.charCodeAt(0)) % 9000
  return String(1000 + hash)
}

/** `CODE[:QTY[:PRICE]]`, e.g. `TSHIRT-NAVY-M:2:5500`; `TSHIRT-NAVY-M` reads as colour NAVY, size M. */
export function parseSku(sku: string): LineSpec {
  const [code = "", qty, price] = sku.split(":")
  const parts = code.split("-")
  const quantity = qty ? Number(qty) : 1
  const unitPrice = price ? Number(price) : 5500
  if (!code || !Number.isInteger(quantity) || quantity <= 0 || !Number.isInteger(unitPrice) || unitPrice < 0) {
    throw new Error(`invalid sku "${sku}": expected CODE[:QTY[:PRICE]] with a positive integer QTY and PRICE`)
  }
  const color = parts.length >= 3 ? parts[1]! : null
  return {
    productCode: code,
    color: color === null ? null : COLOR_NAMES[color] ?? color,
    size: parts.length >= 3 ? parts[parts.length - 1]! : null,
    price: unitPrice,
    quantity,
  }
}
