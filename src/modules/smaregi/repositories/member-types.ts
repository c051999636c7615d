import type { CustomerRow } from "../../../smaregi/customer-fields"

export type ClaimedMember = {
  id: string
  customer_id: string
  /** null: a Platform API member not yet created in Smaregi (Smaregi assigns the id). */
  smaregi_customer_id: string | null
  customer_code: string
  attempts: number
  linked_existing: boolean
  last_synced_at: string | null
  last_payload_hash: string | null
  last_payload: Record<string, unknown> | null
  last_error_code: string | null
  /** requested_at as PostgreSQL printed it: a newer save during the sync changes it. */
  requested_token: string | null
  /** The off-register point total last sent (null: no balance sent yet, the next one is absolute). */
  point_web_total_sent: number | null
}

export type NewMember = {
  customer_id: string
  /** null when Smaregi assigns the id on creation (Platform API). */
  smaregi_customer_id: string | null
  customer_code: string
  linked_existing: boolean
  /** A pending link (an existing Smaregi member found for the customer) waits for an admin: nothing is sent. */
  link_pending?: boolean
  link_source?: "signup" | "import" | null
  last_error_code?: string | null
  last_error?: string | null
}

export type MemberOutcomeStatus = "synced" | "failed" | "pending" | "withdrawn" | "deleted"

export type MemberOutcomeRecord = {
  id: string
  requested_token: string | null
  status: MemberOutcomeStatus
  /** Set when a row was accepted by Smaregi. */
  written?: { hash: string; payload: CustomerRow } | null
  /** The id Smaregi gave the member when it assigns ids itself (Platform API); kept instead of ours. */
  smaregi_customer_id?: string | null
  /** The off-register point total Smaregi now holds, when the write carried points. */
  point_web_total?: number | null
  error_code?: string | null
  error?: string | null
  /** For pending: when to try again; null = now. */
  retry_in_ms?: number | null
  /** true: attempts + 1; false: attempts back to 0. */
  count_attempt: boolean
}

export type RecordedMember = {
  id: string
  customer_id: string
  connection_id: string
  status: MemberOutcomeStatus
  customer_code: string
  last_synced_at: string | null
  last_error_code: string | null
  last_error: string | null
}
