import { CUSTOMER_FIELDS } from "../../smaregi/customer-row"

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

export const PRODUCT_CODE_ATTRIBUTE_OPTIONS: Option[] = [
  { value: "sku", label: "Variant SKU" },
  { value: "barcode", label: "Variant barcode" },
  { value: "ean", label: "Variant EAN" },
  { value: "upc", label: "Variant UPC" },
  { value: "product_handle", label: "Product handle (variant by colour/size)" },
  { value: "variant_metadata", label: "Variant metadata key" },
  { value: "product_metadata", label: "Product metadata key (variant by colour/size)" },
]

/** Customer fields a member field mapping can read; `metadata.<key>` is entered separately. */
export const CUSTOMER_SOURCE_FIELDS: Option[] = [
  { value: "last_name", label: "Last name" },
  { value: "first_name", label: "First name" },
  { value: "email", label: "E-mail" },
  { value: "phone", label: "Phone" },
  { value: "company_name", label: "Company name" },
  { value: "address.postal_code", label: "Default address · postal code" },
  { value: "address.province", label: "Default address · prefecture" },
  { value: "address.city", label: "Default address · city" },
  { value: "address.address_1", label: "Default address · line 1" },
  { value: "address.address_2", label: "Default address · line 2" },
  { value: "address.full", label: "Default address · one line" },
  { value: "address.phone", label: "Default address · phone" },
  { value: "address.company", label: "Default address · company" },
]

export const SMAREGI_CUSTOMER_FIELDS: Option[] = Object.entries(CUSTOMER_FIELDS)
  .filter(([name]) => !["customerId", "customerCode", "rank", "point", "pointExpireDate", "status", "leaveDate"].includes(name))
  .map(([value, hint]) => ({ value, label: value, hint }))

export const METADATA_PREFIX = "metadata."
