import type { CustomerRow } from "../customer-fields"
import { customerUpdParams, encodeForm, refParams, type RefQuery } from "../requests"

const hanako: CustomerRow = {
  customerId: "345",
  customerCode: "M000000345",
  lastName: "山田",
  firstName: "花子",
  lastKana: "ヤマダ",
  firstKana: "ハナコ",
  point: "1200",
  note: "一行目\n二行目",
}

describe("customerUpdParams", () => {
  it.each<["U" | "D", object]>([
    [
      "U",
      {
        proc_info: { proc_division: "U" },
        data: [{ table_name: "Customer", rows: [hanako, { customerId: "346", lastName: "佐藤" }] }],
      },
    ],
    [
      "D",
      {
        proc_info: { proc_division: "D" },
        data: [{ table_name: "Customer", rows: [{ customerId: "345" }, { customerId: "346" }] }],
      },
    ],
  ])("proc_division %s", (division, expected) => {
    expect(customerUpdParams([hanako, { customerId: "346", lastName: "佐藤" }], division)).toEqual(expected)
  })

  it.each<[string, () => unknown, string]>([
    ["501 rows", () => customerUpdParams(Array.from({ length: 501 }, (_, i) => ({ customerId: String(i + 1) })), "U"), "at most 500 rows per call (got 501)"],
    ["no rows", () => customerUpdParams([], "U"), "at least one row"],
    ["row without id", () => customerUpdParams([{ customerId: "" }], "D"), "row 0 has no customerId"],
    ["bad division", () => customerUpdParams([hanako], "X" as "U"), 'proc_division must be "U" or "D"'],
  ])("refuses %s", (_name, run, message) => {
    expect(run).toThrow(message)
  })

  it("accepts exactly 500 rows", () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({ customerId: String(i + 1) }))
    expect(customerUpdParams(rows, "U").data[0].rows).toHaveLength(500)
  })
})

describe("refParams", () => {
  it.each<[RefQuery, object]>([
    [{ table: "Customer" }, { table_name: "Customer" }],
    [
      {
        table: "Customer",
        fields: ["customerId", "customerCode"],
        conditions: [{ mailAddress: "hanako@example.jp" }, { phoneNumber: "090-1234-5678" }],
        limit: 10,
      },
      {
        table_name: "Customer",
        fields: ["customerId", "customerCode"],
        conditions: [{ mailAddress: "hanako@example.jp" }, { phoneNumber: "090-1234-5678" }],
        limit: 10,
      },
    ],
    [
      {
        table: "TransactionHead",
        conditions: [{ "updDateTime >=": "2026-05-10 00:00:00", "updDateTime <": "2026-05-11 00:00:00", storeId: 1 }],
        order: ["updDateTime", "transactionHeadId desc"],
        limit: 1000,
        page: 3,
      },
      {
        table_name: "TransactionHead",
        conditions: [{ "updDateTime >=": "2026-05-10 00:00:00", "updDateTime <": "2026-05-11 00:00:00", storeId: "1" }],
        order: ["updDateTime", "transactionHeadId desc"],
        limit: 1000,
        page: 3,
      },
    ],
    [
      { table: "TransactionDetail", conditions: [{ transactionHeadId: 1052 }, { "productName like": "%シャツ%" }] },
      { table_name: "TransactionDetail", conditions: [{ transactionHeadId: "1052" }, { "productName like": "%シャツ%" }] },
    ],
    [{ table: "Customer", conditions: [], order: [] }, { table_name: "Customer" }],
  ])("%p", (query, expected) => {
    expect(refParams(query)).toEqual(expected)
  })

  it.each<[string, RefQuery, string]>([
    ["unknown table", { table: "Product" as "Customer" }, "table must be one of Customer, TransactionHead, TransactionDetail"],
    ["limit over 1000", { table: "Customer", limit: 1001 }, "limit must be an integer from 1 to 1000 (got 1001)"],
    ["limit 0", { table: "Customer", limit: 0 }, "limit must be an integer from 1 to 1000 (got 0)"],
    ["fractional page", { table: "Customer", page: 1.5 }, "page must be a positive integer (got 1.5)"],
    ["unknown operator", { table: "Customer", conditions: [{ "point !=": "0" }] }, 'key "point !=" must be a field name'],
    ["empty condition", { table: "Customer", conditions: [{}] }, "conditions[0] is empty"],
    ["bad order", { table: "Customer", order: ["customerId; drop"] }, 'invalid order "customerId; drop"'],
    ["bad field", { table: "Customer", fields: ["customer id"] }, 'invalid field name "customer id"'],
  ])("refuses %s", (_name, query, message) => {
    expect(() => refParams(query)).toThrow(message)
  })
})

describe("encodeForm", () => {
  it.each<[string, unknown, string]>([
    [
      "customer_upd",
      customerUpdParams([{ customerId: "345", lastName: "山田", note: "a&b=c\nd" }], "U"),
      "proc_name=customer_upd&params=" +
        "%7B%22proc_info%22%3A%7B%22proc_division%22%3A%22U%22%7D%2C%22data%22%3A%5B%7B%22table_name%22%3A%22Customer%22%2C" +
        "%22rows%22%3A%5B%7B%22customerId%22%3A%22345%22%2C%22lastName%22%3A%22%E5%B1%B1%E7%94%B0%22%2C" +
        "%22note%22%3A%22a%26b%3Dc%5Cnd%22%7D%5D%7D%5D%7D",
    ],
    [
      "customer_ref",
      refParams({ table: "Customer", conditions: [{ "customerCode like": "M%" }], limit: 1 }),
      "proc_name=customer_ref&params=" +
        "%7B%22table_name%22%3A%22Customer%22%2C%22conditions%22%3A%5B%7B%22customerCode%20like%22%3A%22M%25%22%7D%5D%2C%22limit%22%3A1%7D",
    ],
  ])("%s", (procName, params, expected) => {
    const body = encodeForm(procName, params)
    expect(body).toBe(expected)
    expect(body).not.toMatch(/[\n\r ]/)
    const form = new URLSearchParams(body)
    expect(form.get("proc_name")).toBe(procName)
    expect(JSON.parse(form.get("params") ?? "")).toEqual(params)
  })
})
