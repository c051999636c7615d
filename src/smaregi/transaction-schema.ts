import { z } from "@medusajs/framework/zod"
import { describeType, isRecord } from "./describe-value"

/** Smaregi sends every value as a string (or null); numbers are accepted and coerced so nothing valid is refused. */
const smaregiValue = z.union([z.string(), z.number()]).transform(String).nullable().optional()

const idValue = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .pipe(z.string().regex(/^\d+$/))

function fieldsShape<const K extends string>(names: readonly K[]): { [P in K]: typeof smaregiValue } {
  return Object.fromEntries(names.map((name) => [name, smaregiValue])) as { [P in K]: typeof smaregiValue }
}

export const TRANSACTION_HEAD_FIELDS = [
  "transactionDateTime",
  "transactionHeadDivision",
  "cancelDivision",
  "cancelDateTime",
  "disposeDivision",
  "disposeServerTransactionHeadId",
  "unitNonDiscountsubtotal",
  "unitDiscountsubtotal",
  "subtotal",
  "subtotalForDiscount",
  "subtotalDiscountPrice",
  "subtotalDiscountRate",
  "subtotalDiscountDivision",
  "pointDiscount",
  "couponDiscount",
  "total",
  "taxInclude",
  "taxExclude",
  "roundingDivision",
  "roundingPrice",
  "cashTotal",
  "creditTotal",
  "deposit",
  "depositCash",
  "depositCredit",
  "charge",
  "changeDifference",
  "amount",
  "returnAmount",
  "newPoint",
  "spendPoint",
  "point",
  "totalPoint",
  "storeId",
  "storeCode",
  "terminalId",
  "terminalTranId",
  "terminalTranDateTime",
  "customerId",
  "customerCode",
  "customerRank",
  "customerGroupId",
  "customerGroupId2",
  "customerGroupId3",
  "customerGroupId4",
  "customerGroupId5",
  "staffId",
  "staffCode",
  "staffName",
  "memo",
  "receiptMemo",
  "paymentMethodId1",
  "paymentMethodName1",
  "depositOthers1",
  "paymentMethodId2",
  "paymentMethodName2",
  "depositOthers2",
  "paymentMethodId3",
  "paymentMethodName3",
  "depositOthers3",
  "carriage",
  "commission",
  "taxRate",
  "taxRounding",
  "sellDivision",
  "updDateTime",
] as const

export const TRANSACTION_DETAIL_FIELDS = [
  "parentTransactionDetailId",
  "transactionDetailDivision",
  "transactionDateTime",
  "productId",
  "productCode",
  "productName",
  "color",
  "size",
  "groupCode",
  "taxDivision",
  "price",
  "salesPrice",
  "unitDiscountPrice",
  "unitDiscountRate",
  "unitDiscountDivision",
  "quantity",
  "unitNonDiscountSum",
  "unitDiscountSum",
  "unitDiscountedSum",
  "discountPriceProportional",
  "discountPointProportional",
  "discountCouponProportional",
  "taxIncludeProportional",
  "taxExcludeProportional",
  "categoryId",
  "categoryName",
  "taxRate",
  "reduceTaxId",
  "reduceTaxName",
  "reduceTaxRate",
  "updDateTime",
] as const

export const transactionHeadSchema = z.looseObject({
  transactionHeadId: idValue,
  ...fieldsShape(TRANSACTION_HEAD_FIELDS),
})

export const transactionDetailSchema = z.looseObject({
  transactionHeadId: idValue,
  transactionDetailId: idValue,
  ...fieldsShape(TRANSACTION_DETAIL_FIELDS),
})

export type TransactionHead = z.output<typeof transactionHeadSchema>
export type TransactionDetail = z.output<typeof transactionDetailSchema>
export type SmaregiTransaction = { head: TransactionHead; details: TransactionDetail[] }

const ID_FIELDS = new Set(["transactionHeadId", "transactionDetailId"])

type RowShape = { ids: readonly string[]; fields: readonly string[] }
const HEAD_ROW: RowShape = { ids: ["transactionHeadId"], fields: TRANSACTION_HEAD_FIELDS }
const DETAIL_ROW: RowShape = { ids: ["transactionHeadId", "transactionDetailId"], fields: TRANSACTION_DETAIL_FIELDS }

/** What the row schema outputs, without zod, for the rows it accepts; null sends the row to zod (for the message). */
export function fastRow(row: Record<string, unknown>, shape: RowShape): Record<string, unknown> | null {
  const out: Record<string, unknown> = { ...row }
  for (const id of shape.ids) {
    const value = row[id]
    if (typeof value !== "string" && !(typeof value === "number" && Number.isFinite(value))) return null
    const text = String(value).trim()
    if (!/^\d+$/.test(text)) return null
    out[id] = text
  }
  for (const field of shape.fields) {
    const value = row[field]
    if (value === undefined || value === null || typeof value === "string") continue
    if (typeof value !== "number" || !Number.isFinite(value)) return null
    out[field] = String(value)
  }
  return out
}

const PROTOTYPE_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype))

/**
 * A row key such as `hasOwnProperty` or `constructor` is no Smaregi field, and it would shadow the object's
 * own methods wherever the stored row travels (Medusa's workflow engine calls them): it is dropped here.
 * The raw request keeps it.
 */
function withoutPrototypeKeys(row: Record<string, unknown>): Record<string, unknown> {
  for (const key in row) if (PROTOTYPE_KEYS.has(key)) delete row[key]
  return row
}

export type RowCheck<T> = { ok: true; value: T } | { ok: false; message: string }

/**
 * A TransactionHead row from anywhere (a push, a `transaction_ref` answer): validated and cleaned the same
 * way, so a hostile key read back from Smaregi never reaches the inbox either.
 */
export function checkHeadRow(row: unknown, index = 0): RowCheck<TransactionHead> {
  return validateRow(transactionHeadSchema, HEAD_ROW, row, "TransactionHead", index)
}

/** A TransactionDetail row from anywhere, as `checkHeadRow`. */
export function checkDetailRow(row: unknown, index = 0): RowCheck<TransactionDetail> {
  return validateRow(transactionDetailSchema, DETAIL_ROW, row, "TransactionDetail", index)
}

function validateRow<T>(
  schema: z.ZodType<T>,
  shape: RowShape,
  row: unknown,
  table: string,
  index: number
): RowCheck<T> {
  if (!isRecord(row)) {
    return { ok: false, message: `${table} row ${index}: must be an object, got ${describeType(row)}` }
  }
  const fast = fastRow(row, shape)
  if (fast) return { ok: true, value: withoutPrototypeKeys(fast) as T }
  const result = schema.safeParse(row)
  if (result.success) {
    return { ok: true, value: withoutPrototypeKeys(result.data as Record<string, unknown>) as T }
  }
  const fields = [...new Set(result.error.issues.map((issue) => String(issue.path[0] ?? "")))]
  const field = fields[0] ?? ""
  const more = fields.length > 1 ? ` (and ${fields.length - 1} more field${fields.length > 2 ? "s" : ""})` : ""
  return { ok: false, message: `${table} row ${index}: ${describeFieldProblem(field, row[field])}${more}` }
}

function describeFieldProblem(field: string, value: unknown): string {
  if (ID_FIELDS.has(field)) {
    if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
      return `${field} is required`
    }
    if (typeof value === "string" || typeof value === "number") {
      return `${field} must be digits, got ${JSON.stringify(value)}`
    }
  }
  return `${field} must be a string, number or null, got ${describeType(value)}`
}
