/**
 * Named scenarios: the sales, edits, cancels and returns the tests, the POS simulator and the bench share.
 */
import type { SmaregiTransaction } from "../transaction-schema"
import { type RowOverrides, DEFAULT_AT, applyOverrides } from "./rows"
import { type LineSpec, buildTransaction, parseSku } from "./sales"
import { shiftDateTime } from "./times"

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

function negate(value: unknown): string | null {
  if (typeof value !== "string") return null
  const n = Number(value)
  return n === 0 ? "0" : String(-n)
}
