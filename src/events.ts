/** Events the plugin emits (and, for sync_requested, listens to). */
export const SmaregiEvents = {
  TRANSACTION_RECEIVED: "smaregi.transaction.received",
  TRANSACTION_IMPORTED: "smaregi.transaction.imported",
  TRANSACTION_UPDATED: "smaregi.transaction.updated",
  TRANSACTION_CANCELED: "smaregi.transaction.canceled",
  TRANSACTION_SKIPPED: "smaregi.transaction.skipped",
  TRANSACTION_FAILED: "smaregi.transaction.failed",
  /** A register sale moved more points than the web ledger held; recorded anyway (PTS-5). */
  TRANSACTION_POINTS_DRIFT: "smaregi.transaction.points_drift",
  /** Payload `{ id, connection_id }`: a Platform API webhook was stored (smaregi_platform_event); its ids are re-read. */
  PLATFORM_EVENT_RECEIVED: "smaregi.platform_event.received",
  /** Payload `{ id }`: an admin started a pull of sales (smaregi_pull_run); runs in the background. */
  PULL_REQUESTED: "smaregi.pull.requested",
  /** Payload `{ id }`: an admin started an import of existing Smaregi members (smaregi_member_import). */
  MEMBER_IMPORT_REQUESTED: "smaregi.member_import.requested",
  /** Payload `{ customer_id: string, reason?: string }`: sync this customer to Smaregi soon. */
  MEMBER_SYNC_REQUESTED: "smaregi.member.sync_requested",
  /** Payload `{ connection_id }`, emitted with a delay: the connection's pending members are due (runs syncMembersWorkflow). */
  MEMBER_SYNC_DUE: "smaregi.member.sync_due",
  /** Payload `{ id }`: an admin (or the retry job) started or resumed a member backfill (smaregi_backfill). */
  MEMBER_BACKFILL_REQUESTED: "smaregi.member.backfill_requested",
  MEMBER_SYNCED: "smaregi.member.synced",
  MEMBER_FAILED: "smaregi.member.failed",
} as const
