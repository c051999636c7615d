import { encodeForm, makePushBody } from "../../src/smaregi/__fixtures__/push-bodies"
import { buildTransaction, type LineSpec } from "../../src/smaregi/__fixtures__/sales"
import { shiftDateTime } from "../../src/smaregi/__fixtures__/times"
import type { SmaregiTransaction } from "../../src/smaregi/transaction-schema"

export type SaleMember = { smaregi_customer_id: string; customer_code: string }

const SKUS = ["TSHIRT-NAVY-S", "TSHIRT-NAVY-M", "TSHIRT-WHITE-L", "SHIRT-NAVY-M", "SHIRT-WHITE-S", "SHIRT-WHITE-L"]
const PRICES: Record<string, number> = { TSHIRT: 5500, SHIRT: 8800 }

function line(sku: string, quantity: number, unitDiscount = 0): LineSpec {
  const [product, color, size] = sku.split("-")
  return {
    productCode: sku,
    productName: product === "TSHIRT" ? "Tシャツ" : "シャツ",
    color: color === "NAVY" ? "Navy" : "White",
    size,
    groupCode: product,
    price: PRICES[product],
    quantity,
    unitDiscount,
  }
}

/** benchSale(id) and benchSale(id + SALE_MIX_PERIOD) have the same lines, discounts and kind of customer. */
export const SALE_MIX_PERIOD = 420

/**
 * The i-th register sale of a run: one or two colour × size lines, every other one a member sale (with a
 * point discount now and then), sometimes a unit discount or a coupon — the mix a clothing shop sends.
 */
export function benchSale(id: number, members: SaleMember[], at = "2026-05-10 10:00:00"): SmaregiTransaction {
  const member = members.length && id % 2 === 0 ? members[id % members.length] : null
  const lines = [line(SKUS[id % SKUS.length], 1 + (id % 2), id % 5 === 0 ? 500 : 0)]
  if (id % 3 !== 0) lines.push(line(SKUS[(id + 2) % SKUS.length], 1))
  return buildTransaction({
    id: String(id),
    at: shiftDateTime(at, (id % 100_000) / 60),
    terminalTranId: String(id % 100_000),
    customerId: member?.smaregi_customer_id ?? null,
    customerCode: member?.customer_code ?? null,
    lines,
    pointDiscount: member && id % 4 === 0 ? 200 : 0,
    couponDiscount: id % 7 === 0 ? 1000 : 0,
    pointBalance: member ? 1500 : undefined,
  })
}

/** The form body Smaregi posts for one sale (proc_name, params, agreementId). */
export function pushBody(tx: SmaregiTransaction, agreementId: string): string {
  return encodeForm(makePushBody([tx], { agreementId }))
}

export const FORM_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=UTF-8"
