/**
 * Real-shaped Smaregi v2 transaction payloads (all values strings, nulls where Smaregi sends null,
 * field set modelled on captured transaction_ref rows). Shared by unit tests, integration tests and
 * the POS simulator.
 */
import type { SmaregiTransaction, TransactionDetail, TransactionHead } from "../transaction-schema"

export type RowOverrides = Record<string, string | null | undefined>

export const DEFAULT_AT = "2026-05-10 14:03:22"
export const DEFAULT_HEAD_ID = "1052"

/** Overrides win; an override of `undefined` removes the field (a field Smaregi did not send). */
function applyOverrides<T extends Record<string, unknown>>(base: T, overrides: RowOverrides): T {
  const row: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) {
      delete row[key]
    } else {
      row[key] = value
    }
  }
  return row as T
}

export function makeHead(overrides: RowOverrides = {}): TransactionHead {
  const at = overrides.updDateTime ?? DEFAULT_AT
  const base: TransactionHead = {
    transactionHeadId: DEFAULT_HEAD_ID,
    transactionDateTime: at,
    transactionHeadDivision: "1",
    cancelDivision: "0",
    unitNonDiscountsubtotal: "11000",
    unitDiscountsubtotal: "0",
    subtotal: "11000",
    subtotalForDiscount: "11000",
    subtotalDiscountPrice: "0",
    subtotalDiscountRate: "0.00",
    subtotalDiscountDivision: null,
    pointDiscount: "0",
    couponDiscount: "0",
    total: "11000",
    taxExclude: "0",
    taxInclude: "1000",
    roundingDivision: "00",
    roundingPrice: "0",
    cashTotal: "0",
    creditTotal: "11000",
    deposit: "11000",
    depositCash: "0",
    depositCredit: "11000",
    charge: "0",
    changeDifference: "0",
    amount: "2",
    returnAmount: "0",
    costTotal: "0.00000",
    salesHeadDivision: "0",
    inTaxSalesTotal: "11000",
    outTaxSalesTotal: "0",
    nonTaxSalesTotal: "0",
    newPoint: "0",
    spendPoint: "0",
    point: "0",
    totalPoint: "0",
    currentMile: null,
    earnMile: "0",
    totalMile: null,
    storeId: "1",
    storeCode: "shibuya",
    terminalId: "2",
    customerId: null,
    customerCode: null,
    terminalTranId: "88",
    terminalTranDateTime: shiftDateTime(at, -2 / 60),
    sumDivision: "2",
    adjustmentDateTime: null,
    sumDateTime: `${at.slice(0, 10)} 00:00:00`,
    customerRank: null,
    customerGroupId: null,
    customerGroupId2: null,
    customerGroupId3: null,
    customerGroupId4: null,
    customerGroupId5: null,
    staffId: "5",
    staffCode: "S005",
    staffName: "山田 太郎",
    paymentCount: null,
    slipNumber: null,
    authNumber: null,
    cardCompany: null,
    memo: null,
    receiptMemo: null,
    paymentMethodId1: null,
    paymentMethodName1: null,
    depositOthers1: null,
    paymentMethodId2: null,
    paymentMethodName2: null,
    depositOthers2: null,
    paymentMethodId3: null,
    paymentMethodName3: null,
    depositOthers3: null,
    carriage: null,
    commission: null,
    guestNumbers: "1",
    taxFreeSalesDivision: "0",
    tags: null,
    pointGivingDivision: "1",
    pointGivingUnitPrice: "100",
    pointGivingUnit: "1.00",
    pointSpendDivision: "1",
    mileageDivision: "0",
    mileageLabel: "マイル",
    customerPinCode: null,
    disposeDivision: "0",
    disposeServerTransactionHeadId: "0",
    cancelDateTime: null,
    sellDivision: "0",
    taxRate: "10.000",
    taxRounding: "1",
    discountRoundingDivision: "1",
    transactionUuid: "5358628720004",
    receiptIssueNumberOfTimes: "0",
    pickupTransactionHeadId: null,
    layawayServerTransactionHeadId: null,
    disabledEdit: null,
    updDateTime: at,
  }
  return applyOverrides(base, overrides)
}

export function makeDetail(overrides: RowOverrides = {}): TransactionDetail {
  const at = overrides.updDateTime ?? DEFAULT_AT
  const base: TransactionDetail = {
    transactionHeadId: DEFAULT_HEAD_ID,
    transactionDateTime: at,
    transactionDetailId: "1",
    parentTransactionDetailId: null,
    transactionDetailDivision: "1",
    productId: "812",
    productCode: "TSHIRT-NAVY-M",
    productName: "Tシャツ",
    taxDivision: "0",
    price: "5500",
    salesPrice: "5500",
    unitDiscountPrice: "0",
    unitDiscountRate: null,
    unitDiscountDivision: null,
    cost: null,
    quantity: "2",
    unitNonDiscountSum: "11000",
    unitDiscountSum: "0",
    unitDiscountedSum: "11000",
    costSum: "0.00000",
    categoryId: "3",
    categoryName: "トップス",
    discriminationNo: null,
    salesDivision: "0",
    productDivision: "0",
    pointNotApplicable: "0",
    calcDiscount: "1",
    taxFreeDivision: "0",
    discountPriceProportional: "0",
    discountPointProportional: "0",
    discountCouponProportional: "0",
    taxIncludeProportional: "1000",
    taxExcludeProportional: "0",
    productBundleProportional: "0",
    staffDiscountProportional: "0",
    bargainDiscountProportional: "0",
    roundingPriceProportional: "0",
    inventoryReservationDivision: "0",
    groupCode: "TSHIRT",
    updDateTime: at,
    staffRank: null,
    bargainId: null,
    taxRate: "10.000",
    standardTaxRate: "10.000",
    modifiedTaxRate: null,
    reduceTaxId: null,
    reduceTaxName: null,
    reduceTaxRate: null,
    color: "ネイビー",
    size: "M",
  }
  return applyOverrides(base, overrides)
}

// ---------------------------------------------------------------------------------------------
// Consistent transactions: lines in, every head/line amount computed the way the register does.

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

// ---------------------------------------------------------------------------------------------
// Named scenarios

export type ScenarioOptions = {
  id?: string
  at?: string
  storeId?: string
  customerId?: string | null
  customerCode?: string | null
  productCode?: string
  color?: string | null
  size?: string | null
  /** one line per entry, `CODE[:QTY[:PRICE]]` */
  skus?: string[]
}

function defaultLines(opts: ScenarioOptions): LineSpec[] {
  if (opts.skus && opts.skus.length > 0) {
    return opts.skus.map(parseSku)
  }
  return [
    {
      productCode: opts.productCode ?? "TSHIRT-NAVY-M",
      color: opts.color === undefined ? "ネイビー" : opts.color,
      size: opts.size === undefined ? "M" : opts.size,
      price: 5500,
      quantity: 2,
    },
  ]
}

/** A plain walk-in sale: TSHIRT-NAVY-M × 2 at 5,500 yen (tax included), paid by card. */
export function saleScenario(opts: ScenarioOptions = {}): SmaregiTransaction {
  return buildTransaction({
    id: opts.id,
    at: opts.at,
    storeId: opts.storeId,
    customerId: opts.customerId,
    customerCode: opts.customerCode,
    lines: defaultLines(opts),
  })
}

/** A member sale spending 100 points (pointDiscount 100) and earning 1 point per 100 yen. */
export function memberSaleScenario(opts: ScenarioOptions = {}): SmaregiTransaction {
  return buildTransaction({
    id: opts.id,
    at: opts.at,
    storeId: opts.storeId,
    customerId: opts.customerId === undefined ? "345" : opts.customerId,
    customerCode: opts.customerCode === undefined ? "M000000345" : opts.customerCode,
    lines: defaultLines(opts),
    pointDiscount: 100,
    pointBalance: 500,
  })
}

/**
 * Colour × size lines with a unit discount, a subtotal discount, a coupon, a point discount and a
 * reduced-tax (8 %) line; paid in cash with change.
 * Σ unitDiscountedSum 29,660 − subtotal discount 660 − points 300 − coupon 1,000 = total 27,700.
 */
export function multiLineScenario(opts: ScenarioOptions = {}): SmaregiTransaction {
  return buildTransaction({
    id: opts.id,
    at: opts.at,
    storeId: opts.storeId,
    customerId: opts.customerId === undefined ? "345" : opts.customerId,
    customerCode: opts.customerCode === undefined ? "M000000345" : opts.customerCode,
    lines: [
      { productCode: "TSHIRT-NAVY-M", color: "ネイビー", size: "M", price: 5500, quantity: 2 },
      { productCode: "TSHIRT-WHITE-L", color: "ホワイト", size: "L", price: 5500, quantity: 1, unitDiscount: 500 },
      { productCode: "HOODIE-GREY-M", color: "グレー", size: "M", price: 8800, quantity: 1 },
      {
        productCode: "COFFEE-BEANS-200G",
        productName: "コーヒー豆 200g",
        groupCode: null,
        price: 1620,
        quantity: 3,
        reduced: true,
        overrides: { categoryId: "9", categoryName: "食品" },
      },
    ],
    subtotalDiscount: 660,
    pointDiscount: 300,
    couponDiscount: 1000,
    pointBalance: 1200,
    payment: "cash",
  })
}

/** Sale with an exchanged item (a return line) or, with `onlyReturns`, a head of return lines only. */
export function returnLinesScenario(opts: ScenarioOptions & { onlyReturns?: boolean } = {}): SmaregiTransaction {
  const returned: LineSpec = {
    productCode: "TSHIRT-NAVY-M",
    color: "ネイビー",
    size: "M",
    price: 5500,
    quantity: 1,
    returnLine: true,
  }
  const bought: LineSpec = { productCode: "HOODIE-GREY-M", color: "グレー", size: "M", price: 8800, quantity: 1 }
  return buildTransaction({
    id: opts.id,
    at: opts.at,
    storeId: opts.storeId,
    customerId: opts.customerId,
    customerCode: opts.customerCode,
    lines: opts.onlyReturns ? [returned] : [returned, bought],
  })
}

/** A head with no lines: 入金, 出金, ポイント加算 … (`transactionHeadDivision` ≠ 1). */
export function nonSalesScenario(division: string, opts: ScenarioOptions = {}): SmaregiTransaction {
  const pointDivision = ["6", "7", "8"].includes(division)
  const cash = division === "2" || division === "3" || division === "4" || division === "5" ? "3000" : "0"
  return buildTransaction({
    id: opts.id,
    at: opts.at,
    storeId: opts.storeId,
    division,
    customerId: opts.customerId === undefined ? (pointDivision ? "345" : null) : opts.customerId,
    customerCode: opts.customerCode === undefined ? (pointDivision ? "M000000345" : null) : opts.customerCode,
    lines: [],
    newPoint: division === "6" ? 300 : 0,
    payment: "cash",
    head: {
      total: cash,
      cashTotal: cash,
      deposit: cash,
      depositCash: cash,
      spendPoint: division === "7" || division === "8" ? "200" : "0",
    },
  })
}

function cloneTransaction(tx: SmaregiTransaction): SmaregiTransaction {
  return { head: { ...tx.head }, details: tx.details.map((d) => ({ ...d })) }
}

function stamp(tx: SmaregiTransaction, at: string): SmaregiTransaction {
  tx.head.updDateTime = at
  for (const d of tx.details) d.updDateTime = at
  return tx
}

/** The same sale edited on the register later: newer updDateTime and a changed memo. */
export function updateScenario(
  base: SmaregiTransaction,
  opts: { minutes?: number; memo?: string; head?: RowOverrides } = {}
): SmaregiTransaction {
  const tx = stamp(cloneTransaction(base), shiftDateTime(base.head.updDateTime ?? DEFAULT_AT, opts.minutes ?? 10))
  tx.head.memo = opts.memo ?? "備考を変更しました"
  tx.head = applyOverrides(tx.head, opts.head ?? {})
  return tx
}

/** The same sale canceled (取消) on the register. */
export function cancelScenario(base: SmaregiTransaction, opts: { minutes?: number } = {}): SmaregiTransaction {
  const at = shiftDateTime(base.head.updDateTime ?? DEFAULT_AT, opts.minutes ?? 10)
  const tx = stamp(cloneTransaction(base), at)
  tx.head.cancelDivision = "1"
  tx.head.cancelDateTime = at
  return tx
}

const NEGATED_HEAD_FIELDS = [
  "unitNonDiscountsubtotal",
  "unitDiscountsubtotal",
  "subtotal",
  "subtotalForDiscount",
  "subtotalDiscountPrice",
  "pointDiscount",
  "couponDiscount",
  "total",
  "taxInclude",
  "taxExclude",
  "cashTotal",
  "creditTotal",
  "deposit",
  "depositCash",
  "depositCredit",
  "inTaxSalesTotal",
  "newPoint",
  "spendPoint",
] as const

/**
 * A return-cancel (返品取消): the original gets disposeDivision 1 pointing at a new dispose record
 * (disposeDivision 2) whose amounts and points are negative. Its lines are return lines, as in the
 * captured dispose records.
 */
export function returnCancelPair(
  base: SmaregiTransaction,
  opts: { disposeId?: string; minutes?: number } = {}
): [original: SmaregiTransaction, dispose: SmaregiTransaction] {
  const originalId = base.head.transactionHeadId
  const disposeId = opts.disposeId ?? String(BigInt(originalId) + 1n)
  const at = shiftDateTime(base.head.updDateTime ?? DEFAULT_AT, opts.minutes ?? 10)

  const original = stamp(cloneTransaction(base), at)
  original.head.disposeDivision = "1"
  original.head.disposeServerTransactionHeadId = disposeId

  const dispose = stamp(cloneTransaction(base), at)
  const head = dispose.head
  head.transactionHeadId = disposeId
  head.transactionDateTime = at
  head.terminalTranDateTime = at
  head.terminalTranId = String(Number(base.head.terminalTranId ?? "88") + 1)
  head.disposeDivision = "2"
  head.disposeServerTransactionHeadId = originalId
  for (const field of NEGATED_HEAD_FIELDS) {
    head[field] = negate(head[field])
  }
  head.charge = "0"
  head.returnAmount = base.head.amount ?? "0"
  head.amount = "0"
  head.point = base.head.totalPoint ?? "0"
  head.totalPoint = String(
    Number(base.head.totalPoint ?? "0") - Number(base.head.newPoint ?? "0") + Number(base.head.spendPoint ?? "0")
  )
  head.transactionUuid = `53586${disposeId.padStart(8, "0")}`
  for (const d of dispose.details) {
    d.transactionHeadId = disposeId
    d.transactionDateTime = at
    d.transactionDetailDivision = "2"
  }
  return [original, dispose]
}

/** `n` distinct sales with consecutive ids, a second apart, rotating through a few SKUs. */
export function burst(n: number, opts: { startId?: string; at?: string; skus?: string[] } = {}): SmaregiTransaction[] {
  const start = BigInt(opts.startId ?? "5000")
  const skus = opts.skus && opts.skus.length > 0 ? opts.skus : ["TSHIRT-NAVY-M", "TSHIRT-WHITE-L", "HOODIE-GREY-M"]
  return Array.from({ length: n }, (_, i) =>
    buildTransaction({
      id: String(start + BigInt(i)),
      at: shiftDateTime(opts.at ?? DEFAULT_AT, i / 60),
      terminalTranId: String(100 + i),
      lines: [{ ...parseSku(skus[i % skus.length]!), quantity: 1 + (i % 2) }],
    })
  )
}

// ---------------------------------------------------------------------------------------------
// Envelope and form encoding

/** The `params` JSON string exactly as Smaregi sends it; `asciiEscape` writes non-ASCII as \uXXXX. */
export function makePushParams(txs: SmaregiTransaction[], opts: { asciiEscape?: boolean } = {}): string {
  const json = JSON.stringify(makePushEnvelope(txs))
  return opts.asciiEscape ? escapeNonAscii(json) : json
}

export function makePushEnvelope(txs: SmaregiTransaction[]): { data: Array<{ table_name: string; rows: unknown[] }> } {
  return {
    data: [
      { table_name: "TransactionHead", rows: txs.map((tx) => tx.head) },
      { table_name: "TransactionDetail", rows: txs.flatMap((tx) => tx.details) },
    ],
  }
}

export function escapeNonAscii(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`)
}

export function makePushBody(
  txs: SmaregiTransaction[],
  opts: { agreementId?: string; procName?: string; asciiEscape?: boolean } = {}
): Record<string, string> {
  const fields: Record<string, string> = {
    proc_name: opts.procName ?? "transaction_send",
    params: makePushParams(txs, { asciiEscape: opts.asciiEscape }),
  }
  if (opts.agreementId !== undefined) {
    fields.agreementId = opts.agreementId
  }
  return fields
}

/** application/x-www-form-urlencoded, UTF-8. */
export function encodeForm(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString()
}

// ---------------------------------------------------------------------------------------------

/** `YYYY-MM-DD HH:MM:SS` shifted by `minutes` (fractions allowed), calendar-correct. */
export function shiftDateTime(at: string, minutes: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(at)
  if (!m) throw new Error(`not a Smaregi date-time: "${at}"`)
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) + Math.round(minutes * 60_000)
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ")
}

/** Now in JST as Smaregi writes it. */
export function jstNow(now: Date = new Date()): string {
  return new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 19).replace("T", " ")
}

function negate(value: unknown): string | null {
  if (typeof value !== "string") return null
  const n = Number(value)
  return n === 0 ? "0" : String(-n)
}
