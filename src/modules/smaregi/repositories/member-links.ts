import { type Sql, newEntityIds } from "./sql"

/** Links to Smaregi members that already exist (the import, a sign-up look-up): proposals, approvals, refusals. */
export class MemberLinks {
  constructor(private readonly sql: Sql) {}

  /**
   * Members of Smaregi members already in Smaregi (the import): recorded as synced without a sync, or as pending
   * links. A Smaregi member or customer that already has a record is left alone.
   */
  async insertExistingMembers(
    connectionId: string,
    members: Array<{ customer_id: string; smaregi_customer_id: string; customer_code: string; link_pending: boolean }>
  ): Promise<Array<{ id: string; customer_id: string; smaregi_customer_id: string; status: string }>> {
    if (!members.length) return []
    const ids = newEntityIds("smmem", members.length)
    const rows = members.map((m, i) => ({ ...m, id: ids[i], connection_id: connectionId }))
    const inserted = await this.sql(
      `INSERT INTO smaregi_member (id, connection_id, customer_id, smaregi_customer_id, customer_code, status, linked_existing, link_source,
              attempts, created_at, updated_at)
       SELECT x.id, x.connection_id, x.customer_id, x.smaregi_customer_id, x.customer_code,
              CASE WHEN x.link_pending THEN 'link_pending' ELSE 'synced' END, true, 'import', 0, now(), now()
         FROM jsonb_to_recordset(?::jsonb) AS x(id text, connection_id text, customer_id text, smaregi_customer_id text,
              customer_code text, link_pending boolean)
       ON CONFLICT DO NOTHING
       RETURNING id, customer_id, smaregi_customer_id, status`,
      [JSON.stringify(rows)]
    )
    return inserted.map((r) => ({
      id: String(r.id),
      customer_id: String(r.customer_id),
      smaregi_customer_id: String(r.smaregi_customer_id),
      status: String(r.status),
    }))
  }

  /** Turns a member whose look-up found an existing Smaregi member (after enqueue) into a pending link. */
  async proposeLink(memberId: string, identity: { smaregi_customer_id: string; customer_code: string }, source: "signup" | "import"): Promise<void> {
    await this.sql(
      `UPDATE smaregi_member SET smaregi_customer_id = ?, customer_code = ?, linked_existing = true, link_source = ?, status = 'link_pending',
              next_attempt_at = NULL, requested_at = NULL, last_error_code = NULL, last_error = NULL, attempts = 0, updated_at = now()
        WHERE id = ?`,
      [identity.smaregi_customer_id, identity.customer_code, source, memberId]
    )
  }

  /** Approved links become members due for a normal sync now. Returns the members that were pending links. */
  async approveLinks(memberIds: string[]): Promise<Array<{ id: string; connection_id: string; customer_id: string; customer_code: string }>> {
    if (!memberIds.length) return []
    const rows = await this.sql(
      `UPDATE smaregi_member
          SET status = 'pending', linked_existing = true, attempts = 0, last_payload_hash = NULL, point_web_total_sent = NULL, last_error_code = NULL, last_error = NULL,
              requested_at = clock_timestamp(), next_attempt_at = now(), updated_at = now()
        WHERE status = 'link_pending' AND deleted_at IS NULL AND id IN (SELECT jsonb_array_elements_text(?::jsonb))
        RETURNING id, connection_id, customer_id, customer_code`,
      [JSON.stringify(memberIds)]
    )
    return rows.map((r) => ({ id: String(r.id), connection_id: String(r.connection_id), customer_id: String(r.customer_id), customer_code: String(r.customer_code) }))
  }

  /** A refused link: the customer becomes a new member with a fresh id and code; the refused Smaregi member is remembered. */
  async rejectLink(memberId: string, identity: { smaregi_customer_id: string | null; customer_code: string }): Promise<boolean> {
    const rows = await this.sql(
      `UPDATE smaregi_member
          SET link_rejected_smaregi_id = smaregi_customer_id, smaregi_customer_id = ?, customer_code = ?, linked_existing = false,
              link_source = NULL, status = 'pending', attempts = 0, last_payload_hash = NULL, point_web_total_sent = NULL, last_error_code = NULL, last_error = NULL,
              requested_at = clock_timestamp(), next_attempt_at = now(), updated_at = now()
        WHERE id = ? AND status = 'link_pending' AND deleted_at IS NULL
        RETURNING id`,
      [identity.smaregi_customer_id, identity.customer_code, memberId]
    )
    return rows.length > 0
  }

  /** A deleted customer's pending links are dropped: the Smaregi member was never touched. */
  async dropLinkProposals(customerId: string): Promise<number> {
    const rows = await this.sql(
      `UPDATE smaregi_member SET deleted_at = now(), updated_at = now()
        WHERE customer_id = ? AND status = 'link_pending' AND deleted_at IS NULL RETURNING id`,
      [customerId]
    )
    return rows.length
  }
}
