// Members and transactions per contract, and the seeding the tests and the control API use.
import { normalizeCustomerRow } from "../../src/smaregi/normalize-customer"
import { jstNow, toRow } from "./cells"
import type { ContractData, SeedTransaction } from "./types"

export class ContractStore {
  private readonly data = new Map<string, ContractData>()
  private nextHeadId: number

  constructor(
    readonly defaultContract: string,
    private readonly idStart: number
  ) {
    this.nextHeadId = idStart
    this.dataOf(defaultContract)
  }

  dataOf = (contractId: string): ContractData => {
    let d = this.data.get(contractId)
    if (!d) {
      d = { members: new Map(), heads: [], details: [] }
      this.data.set(contractId, d)
    }
    return d
  }

  seedMembers(rows: Array<Record<string, unknown>>, contractId: string): void {
    const members = this.dataOf(contractId).members
    const now = jstNow()
    rows.forEach((raw, i) => {
      const normalized = normalizeCustomerRow(raw)
      if (!normalized.ok) throw new RangeError(`seedMembers row ${i}: ${normalized.errors.map((e) => e.message).join("; ")}`)
      members.set(normalized.row.customerId, { insDateTime: now, ...normalized.row, updDateTime: now })
    })
  }

  seedTransactions(transactions: SeedTransaction[], contractId: string): string[] {
    const d = this.dataOf(contractId)
    const now = jstNow()
    return transactions.map(({ head, details }) => {
      const headRow = toRow(head)
      const headId = headRow.transactionHeadId ?? String(this.nextHeadId++)
      headRow.transactionHeadId = headId
      headRow.updDateTime ??= now
      d.heads = d.heads.filter((h) => h.transactionHeadId !== headId)
      d.details = d.details.filter((x) => x.transactionHeadId !== headId)
      d.heads.push(headRow)
      ;(details ?? []).forEach((detail, i) => {
        const row = toRow(detail)
        row.transactionHeadId = headId
        row.transactionDetailId ??= String(i + 1)
        row.updDateTime ??= headRow.updDateTime
        d.details.push(row)
      })
      return headId
    })
  }

  clear(): void {
    this.data.clear()
    this.dataOf(this.defaultContract)
    this.nextHeadId = this.idStart
  }

  counts(): { members: number; transactions: number } {
    let members = 0
    let transactions = 0
    for (const d of this.data.values()) {
      members += d.members.size
      transactions += d.heads.length
    }
    return { members, transactions }
  }
}
