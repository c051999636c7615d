import type { Translate } from "./i18n"
import { CUSTOMER_FIELDS } from "../../smaregi/customer-fields"

export type Option = { value: string; label: string; hint?: string }

/** TransactionHead fields an order field mapping can read (smaregi-v2.md §2). */
export const TRANSACTION_HEAD_FIELDS: Option[] = [
  ["transactionHeadId", "取引ID"],
  ["transactionDateTime", "取引日時"],
  ["terminalTranDateTime", "端末取引日時"],
  ["storeId", "店舗ID"],
  ["storeCode", "店舗コード"],
  ["terminalId", "端末ID"],
  ["terminalTranId", "端末取引ID"],
  ["customerId", "会員ID"],
  ["customerCode", "会員コード"],
  ["customerRank", "会員ランク"],
  ["staffId", "販売員ID"],
  ["staffCode", "販売員コード"],
  ["staffName", "販売員名"],
  ["subtotal", "小計"],
  ["subtotalDiscountPrice", "小計値引き"],
  ["pointDiscount", "ポイント値引き"],
  ["couponDiscount", "クーポン値引き"],
  ["total", "合計"],
  ["taxInclude", "内税額"],
  ["taxExclude", "外税額"],
  ["roundingPrice", "端数値引き"],
  ["cashTotal", "現金合計"],
  ["creditTotal", "クレジット合計"],
  ["deposit", "預り金"],
  ["change", "釣銭"],
  ["newPoint", "付与ポイント"],
  ["spendPoint", "使用ポイント"],
  ["point", "ポイント"],
  ["totalPoint", "合計ポイント"],
  ["carriage", "送料"],
  ["commission", "手数料"],
  ["memo", "メモ"],
  ["receiptMemo", "レシートメモ"],
  ["paymentMethodName1", "支払方法1"],
  ["paymentMethodName2", "支払方法2"],
  ["paymentMethodName3", "支払方法3"],
  ["cancelDateTime", "取消日時"],
  ["updDateTime", "更新日時"],
].map(([value, hint]) => ({ value, label: value, hint }))

export const productCodeAttributeOptions = (t: Translate): Option[] => [
  { value: "sku", label: t("options.sku") },
  { value: "barcode", label: t("options.barcode") },
  { value: "ean", label: t("options.ean") },
  { value: "upc", label: t("options.upc") },
  { value: "product_handle", label: t("options.productHandle") },
  { value: "variant_metadata", label: t("options.variantMetadata") },
  { value: "product_metadata", label: t("options.productMetadata") },
]

/** Customer fields a member field mapping can read; `metadata.<key>` is entered separately. */
export const customerSourceFields = (t: Translate): Option[] => [
  { value: "last_name", label: t("options.lastName") },
  { value: "first_name", label: t("options.firstName") },
  { value: "email", label: t("options.email") },
  { value: "phone", label: t("options.phone") },
  { value: "company_name", label: t("options.company") },
  { value: "address.postal_code", label: t("options.postalCode") },
  { value: "address.province", label: t("options.province") },
  { value: "address.city", label: t("options.city") },
  { value: "address.address_1", label: t("options.address1") },
  { value: "address.address_2", label: t("options.address2") },
  { value: "address.full", label: t("options.addressFull") },
  { value: "address.phone", label: t("options.addressPhone") },
  { value: "address.company", label: t("options.addressCompany") },
]

export const SMAREGI_CUSTOMER_FIELDS: Option[] = Object.entries(CUSTOMER_FIELDS)
  .filter(([name]) => !["customerId", "customerCode", "rank", "point", "pointExpireDate", "status", "leaveDate"].includes(name))
  .map(([value, hint]) => ({ value, label: value, hint }))

export const METADATA_PREFIX = "metadata."
