// customer_upd: U upserts by customerId (partial rows merge), D deletes; customerCode stays unique.
import {
  CUSTOMER_UPD_REQUIRED_FIELDS,
  missingUpdFields,
  normalizeCustomerRow,
} from "../../src/smaregi/normalize-customer"
import { isRecord, jstNow, toCell } from "./cells"
import { fail } from "./errors"
import type { Answer, FakeRow } from "./types"

const MAX_UPD_ROWS = 500

export function customerUpd(members: Map<string, FakeRow>, params: Record<string, unknown>): Answer {
  const procInfo = params.proc_info
  const division = isRecord(procInfo) ? procInfo.proc_division : undefined
  if (division !== "U" && division !== "D") fail(32, `proc_info.proc_division must be U or D (got ${JSON.stringify(division)})`)
  if (!Array.isArray(params.data) || params.data.length === 0) fail(11, "data must be a non-empty array")
  const upserts: FakeRow[] = []
  const deletes: string[] = []
  for (const table of params.data) {
    if (!isRecord(table) || table.table_name !== "Customer") {
      fail(31, `table_name must be Customer (got ${JSON.stringify(isRecord(table) ? table.table_name : table)})`)
    }
    if (!Array.isArray(table.rows)) fail(11, "rows must be an array")
    if (table.rows.length > MAX_UPD_ROWS) fail(41, `at most ${MAX_UPD_ROWS} rows per call (got ${table.rows.length})`, "rows")
    table.rows.forEach((raw, i) => {
      if (!isRecord(raw)) fail(41, `row ${i} is not an object`, "rows")
      if (division === "D") {
        const id = toCell(raw.customerId)
        if (id === null || !/^\d{1,10}$/.test(id)) fail(41, `row ${i}: customerId is required`, "customerId")
        deletes.push(id.replace(/^0+(?=\d)/, ""))
        return
      }
      const normalized = normalizeCustomerRow(raw)
      if (!normalized.ok) {
        const first = normalized.errors[0]
        fail(41, `row ${i}: ${normalized.errors.map((e) => e.message).join("; ")}`, first.field)
      }
      // The v2 spec table marks these required on every U row, status-only and withdrawal rows included.
      const missing = missingUpdFields(normalized.row)
      if (missing.length > 0) {
        fail(
          41,
          `row ${i}: ${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} required (every U row carries ${CUSTOMER_UPD_REQUIRED_FIELDS.join(", ")})`,
          missing[0]
        )
      }
      upserts.push(normalized.row)
    })
  }
  if (upserts.length + deletes.length > MAX_UPD_ROWS) fail(41, `at most ${MAX_UPD_ROWS} rows per call`, "rows")

  const codeOwner = new Map<string, string>()
  for (const [id, member] of members) if (member.customerCode) codeOwner.set(member.customerCode, id)
  for (const row of upserts) {
    const code = row.customerCode
    if (!code) continue
    const owner = codeOwner.get(code)
    if (owner !== undefined && owner !== row.customerId) {
      fail(42, `customerCode ${code} already belongs to customerId ${owner}`, "customerCode")
    }
    const previous = members.get(row.customerId as string)?.customerCode
    if (previous && previous !== code) codeOwner.delete(previous)
    codeOwner.set(code, row.customerId as string)
  }

  const now = jstNow()
  for (const row of upserts) {
    const id = row.customerId as string
    const existing = members.get(id)
    members.set(id, { ...(existing ?? { insDateTime: now }), ...row, updDateTime: now })
  }
  for (const id of deletes) members.delete(id)
  return { status: 200, body: { result: { Customer: upserts.length + deletes.length } } }
}
