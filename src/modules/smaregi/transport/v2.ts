// The legacy スマレジAPI v2 behind the transport seam: SmaregiClient does the HTTP, paging, retries and pacing.
import type { SmaregiClient, SmaregiRow } from "../../../smaregi/client"
import type { CustomerRow } from "../../../smaregi/customer-fields"
import { HIGHEST_CUSTOMER_ID_QUERY, customerIdRange } from "../../../smaregi/customer-ids"
import { headIdRanges, windowCondition, type PullWindow } from "../../../smaregi/reconcile-windows"
import type {
  MemberPage,
  MemberQuery,
  MemberWriteMode,
  SmaregiTransport,
  TransactionRangeField,
  TransportCapabilities,
  WrittenMember,
} from "./types"
import { TRANSPORT_CAPABILITIES, TransportUnsupportedError } from "./types"

/** Head ids per TransactionDetail read (one closed id range each). */
export const DETAIL_ID_SPAN = 1000

export class V2Transport implements SmaregiTransport {
  readonly api = "v2" as const
  readonly capabilities: TransportCapabilities = TRANSPORT_CAPABILITIES.v2

  constructor(private readonly client: SmaregiClient) {}

  toJSON(): Record<string, unknown> {
    return { api: this.api, client: this.client.toJSON() }
  }

  async readHeadsByWindow(field: TransactionRangeField, window: PullWindow): Promise<SmaregiRow[]> {
    const { rows } = await this.client.refAll("transaction_ref", {
      table: "TransactionHead",
      conditions: [windowCondition(field, window)],
      order: [field, "transactionHeadId"],
    })
    return rows
  }

  /** One TransactionDetail read per id range of at most DETAIL_ID_SPAN; rows of heads not asked for are dropped. */
  async readDetailsByHeadIds(headIds: readonly string[]): Promise<Map<string, SmaregiRow[]>> {
    const wanted = new Set(headIds)
    const byHead = new Map<string, SmaregiRow[]>()
    for (const { condition } of headIdRanges(headIds, DETAIL_ID_SPAN)) {
      const { rows } = await this.client.refAll("transaction_ref", {
        table: "TransactionDetail",
        conditions: [condition],
        order: ["transactionHeadId", "transactionDetailId"],
      })
      for (const row of rows) {
        const id = row.transactionHeadId ?? ""
        if (!wanted.has(id)) continue
        const list = byHead.get(id) ?? []
        list.push(row)
        byHead.set(id, list)
      }
    }
    return byHead
  }

  async findMembers(query: MemberQuery): Promise<MemberPage> {
    const fields = query.fields ? [...query.fields] : undefined
    if ("customerIds" in query) {
      if (!query.customerIds.length) return { rows: [], totalCount: 0 }
      const wanted = new Set(query.customerIds.map((id) => String(Number(id))))
      const { rows } = await this.client.refAll("customer_ref", {
        fields,
        conditions: [customerIdRange(query.customerIds)],
        order: ["customerId"],
      })
      const found = rows.filter((r) => r.customerId && wanted.has(String(Number(r.customerId))))
      return { rows: found, totalCount: found.length }
    }
    if ("customerIdsBetween" in query) {
      const { from, to } = query.customerIdsBetween
      return this.client.refAll("customer_ref", { fields, conditions: [{ "customerId >=": from, "customerId <=": to }], order: ["customerId"] })
    }
    if ("match" in query) {
      return this.client.refAll("customer_ref", { fields, conditions: [{ ...query.match }], order: ["customerId"] })
    }
    return this.client.customerRef({
      fields,
      ...(query.after ? { conditions: [{ "customerId >": query.after }] } : {}),
      order: ["customerId"],
      limit: query.limit,
      page: 1,
    })
  }

  async highestCustomerId(): Promise<string | null> {
    const { rows } = await this.client.customerRef(HIGHEST_CUSTOMER_ID_QUERY)
    return rows[0]?.customerId || null
  }

  /** One customer_upd for all rows (division U or D); the ids are the plugin's own. */
  async writeMembers(rows: readonly CustomerRow[], mode: MemberWriteMode): Promise<WrittenMember[]> {
    await this.client.customerUpd(rows, mode === "delete" ? "D" : "U")
    return rows.map((r) => ({ customerId: r.customerId, customerCode: r.customerCode ?? "" }))
  }

  /** customer_upd carries points only inside a full member row. */
  async setPoints(customerId: string, _points: number, _expireDate?: string | null): Promise<void> {
    throw new TransportUnsupportedError(this.api, `set the point balance of member ${customerId} on its own`)
  }

  async ping(): Promise<{ memberCount: number }> {
    const { totalCount } = await this.client.customerRef({ limit: 1 })
    return { memberCount: totalCount }
  }
}
