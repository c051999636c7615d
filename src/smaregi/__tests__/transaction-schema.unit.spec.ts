import {
  fastRow,
  TRANSACTION_DETAIL_FIELDS,
  TRANSACTION_HEAD_FIELDS,
  transactionDetailSchema,
  transactionHeadSchema,
} from "../transaction-schema"

describe("fastRow — the schema's output without zod", () => {
  const head = { transactionHeadId: "1001", total: "1100", storeId: 1, customerCode: null, extra: { nested: true } }
  const detail = { transactionHeadId: 1001, transactionDetailId: " 2 ", quantity: 3, productCode: "A-1", note: ["kept"] }
  const shapes = {
    head: { schema: transactionHeadSchema, shape: { ids: ["transactionHeadId"], fields: TRANSACTION_HEAD_FIELDS } },
    detail: { schema: transactionDetailSchema, shape: { ids: ["transactionHeadId", "transactionDetailId"], fields: TRANSACTION_DETAIL_FIELDS } },
  } as const

  it.each([
    ["head", head],
    ["head", { transactionHeadId: 7 }],
    ["head", { ...head, total: 0, subtotal: -12.5, point: "" }],
    ["detail", detail],
    ["detail", { ...detail, transactionDetailId: "0003", unitDiscountedSum: 1e3 }],
  ] as const)("%s row %j: same output as the schema", (kind, row) => {
    const { schema, shape } = shapes[kind]
    expect(fastRow(row as Record<string, unknown>, shape)).toEqual(schema.parse(row))
  })

  it.each([
    ["head", { total: "1" }],
    ["head", { transactionHeadId: "12a" }],
    ["head", { transactionHeadId: "" }],
    ["head", { transactionHeadId: null }],
    ["head", { transactionHeadId: 1.5 }],
    ["head", { transactionHeadId: "1", total: true }],
    ["head", { transactionHeadId: "1", total: { value: 1 } }],
    ["head", { transactionHeadId: "1", total: Number.NaN }],
    ["detail", { transactionHeadId: "1" }],
    ["detail", { transactionHeadId: "1", transactionDetailId: "2", quantity: [1] }],
  ] as const)("%s row %j: refused, like the schema", (kind, row) => {
    const { schema, shape } = shapes[kind]
    expect(fastRow(row as Record<string, unknown>, shape)).toBeNull()
    expect(schema.safeParse(row).success).toBe(false)
  })
})
