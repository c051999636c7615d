/**
 * Real-shaped Smaregi v2 TransactionHead / TransactionDetail rows (all values strings, nulls where Smaregi
 * sends null, field set modelled on captured transaction_ref rows).
 */
import type { TransactionDetail, TransactionHead } from "../transaction-schema"
import { shiftDateTime } from "./times"

export type RowOverrides = Record<string, string | null | undefined>

export const DEFAULT_AT = "2026-05-10 14:03:22"
export const DEFAULT_HEAD_ID = "1052"

/** Overrides win; an override of `undefined` removes the field (a field Smaregi did not send). */
export function applyOverrides<T extends Record<string, unknown>>(base: T, overrides: RowOverrides): T {
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
