import { entityId } from "../../../smaregi/ids"
import { storable, storableText } from "../inbox"
import type { Sql } from "./sql"

// Platform API webhooks as received (smaregi_platform_event): stored before the answer, one row per
// Smaregi-Event-Id and connection, then processed by re-reading their ids.

export type PlatformEventStatus = "received" | "processed" | "failed"

export type PlatformEventInput = {
  connectionId: string
  eventId: string | null
  event: string
  action: string
  ids: string[]
  sourceIp: string | null
}

export type PlatformEventRow = {
  id: string
  connection_id: string
  event_id: string | null
  event: string
  action: string
  ids: string[]
  status: PlatformEventStatus
  attempts: number
  error: string | null
}

/** The webhook events' repository on the module's SQL. */
export class PlatformEventRecords {
  constructor(private readonly sql: Sql) {}

  /** Stores a webhook once per event id; a repeated event id returns the stored row's id with `duplicate`. */
  async record(input: PlatformEventInput): Promise<{ id: string; duplicate: boolean }> {
    const [inserted] = await this.sql(
      `INSERT INTO smaregi_platform_event (id, connection_id, event_id, event, action, ids, status, attempts, source_ip, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?::jsonb, 'received', 0, ?, now(), now())
       ON CONFLICT (connection_id, event_id) WHERE event_id IS NOT NULL AND deleted_at IS NULL DO NOTHING
       RETURNING id`,
      [
        entityId("smpev"),
        input.connectionId,
        storableText(input.eventId),
        storableText(input.event),
        storableText(input.action),
        JSON.stringify(storable(input.ids)),
        storableText(input.sourceIp),
      ]
    )
    if (inserted) return { id: String(inserted.id), duplicate: false }
    const [existing] = await this.sql(
      `SELECT id FROM smaregi_platform_event WHERE connection_id = ? AND event_id = ? AND deleted_at IS NULL`,
      [input.connectionId, input.eventId]
    )
    return { id: String(existing?.id), duplicate: true }
  }

  /** Takes an event for processing (received or failed), counting the attempt; null when it is done or gone. */
  async claim(id: string): Promise<PlatformEventRow | null> {
    const [row] = await this.sql(
      `UPDATE smaregi_platform_event SET attempts = attempts + 1, updated_at = now()
        WHERE id = ? AND status <> 'processed' AND deleted_at IS NULL
        RETURNING id, connection_id, event_id, event, action, ids, status, attempts, error`,
      [id]
    )
    return (row as PlatformEventRow | undefined) ?? null
  }

  /** Records how processing an event ended. */
  async finish(id: string, outcome: { status: "processed" | "failed"; error?: string | null }): Promise<void> {
    await this.sql(
      `UPDATE smaregi_platform_event
          SET status = ?, error = ?, processed_at = CASE WHEN ? = 'processed' THEN now() ELSE processed_at END, updated_at = now()
        WHERE id = ?`,
      [outcome.status, storableText(outcome.error ?? null), outcome.status, id]
    )
  }

  /** Events whose processing was lost (a crash, an undelivered event) or failed, oldest first, for another attempt. */
  async pending(opts: { olderThanMs: number; maxAttempts: number; limit: number }): Promise<string[]> {
    const rows = await this.sql(
      `SELECT id FROM smaregi_platform_event
        WHERE status <> 'processed' AND deleted_at IS NULL AND attempts < ? AND updated_at < now() - make_interval(secs => ?)
        ORDER BY updated_at ASC LIMIT ?`,
      [opts.maxAttempts, opts.olderThanMs / 1000, opts.limit]
    )
    return rows.map((r) => String(r.id))
  }
}
