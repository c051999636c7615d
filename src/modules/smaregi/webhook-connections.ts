// The v2 webhook's lookups: every enabled connection's source rules, and the connection of an agreement secret.
import type { ConnectionSettings } from "../../smaregi/settings"
import { type ConnectionRow, publicConnectionOf } from "./connection-rows"
import type { Sql } from "./repositories/sql"
import { SecretBox } from "./secrets"
import type { PublicConnection } from "./types"

/** The union of every enabled connection's source settings (see the service's webhookSourceGate). */
export type WebhookSourceGate = { allowAnySource: boolean; allowedSources: string[]; trustedProxies: string[] }

/** Settings parsed once per connection version (the service's cache). */
export type SettingsOf = (id: string, updatedAt: Date | string, raw: unknown) => ConnectionSettings

type SecretRow = Omit<ConnectionRow, "access_token_encrypted" | "client_secret_encrypted" | "webhook_secret_encrypted"> & {
  access_token_set: boolean
  client_secret_set: boolean
  webhook_secret_set: boolean
}

/** The v2 webhook's reads of smaregi_connection, on the module's SQL. */
export class WebhookConnectionRecords {
  constructor(private readonly sql: Sql) {}

  /** A connection whose stored settings no longer parse adds nothing. */
  async collectSourceGate(settingsOf: SettingsOf): Promise<WebhookSourceGate> {
    const rows = (await this.sql(
      `SELECT id, settings, updated_at FROM smaregi_connection WHERE enabled = true AND deleted_at IS NULL`
    )) as Array<{ id: string; settings: unknown; updated_at: Date | string }>
    const gate: WebhookSourceGate = { allowAnySource: false, allowedSources: [], trustedProxies: [] }
    for (const row of rows) {
      let settings: ConnectionSettings
      try {
        settings = settingsOf(row.id, row.updated_at, row.settings)
      } catch {
        continue
      }
      gate.allowAnySource ||= settings.allowAnySource
      gate.allowedSources.push(...settings.allowedSources)
      gate.trustedProxies.push(...settings.trustedProxies)
    }
    return gate
  }

  /** The enabled connection whose agreement secret equals `secret` (constant-time compare), or null. */
  async loadConnectionByAgreementSecret(
    box: SecretBox,
    secret: string,
    settingsOf: SettingsOf
  ): Promise<PublicConnection | null> {
    // Raw SQL, and settings parsed once per connection version. Older keys' hashes find rows not yet resealed.
    const hashes = box.lookupHashes(secret)
    const [row] = (await this.sql(
      `SELECT id, name, enabled, agreement_secret_hash, agreement_secret_encrypted, access_token_encrypted IS NOT NULL AS access_token_set, api,
              client_secret_encrypted IS NOT NULL AS client_secret_set, webhook_secret_encrypted IS NOT NULL AS webhook_secret_set,
              settings, reconcile_watermark, reconciled_at, customer_id_floor, customer_id_floor_read_at, created_at, updated_at
         FROM smaregi_connection WHERE agreement_secret_hash IN (${hashes.map(() => "?").join(", ")}) AND deleted_at IS NULL LIMIT 1`,
      hashes
    )) as unknown as SecretRow[]
    if (!row?.agreement_secret_encrypted || !row.enabled) return null
    if (!SecretBox.equal(box.decrypt(row.agreement_secret_encrypted), secret)) return null
    await this.resealAgreementSecret(box, row.id, row.agreement_secret_hash, row.agreement_secret_encrypted, secret)
    return Object.freeze(
      publicConnectionOf(row, settingsOf(row.id, row.updated_at, row.settings), {
        agreement_secret_set: true,
        access_token_set: row.access_token_set,
        client_secret_set: row.client_secret_set,
        webhook_secret_set: row.webhook_secret_set,
      })
    )
  }

  // Values sealed in the v1 format or with a rotated-out key are sealed again with the current key once read;
  // the compare-and-set keeps a concurrent admin change.
  protected async resealAgreementSecret(box: SecretBox, id: string, hash: string | null, sealed: string, secret: string): Promise<void> {
    if (hash === box.lookupHash(secret) && !box.needsReseal(sealed)) return
    await this.sql(
      `UPDATE smaregi_connection SET agreement_secret_hash = ?, agreement_secret_encrypted = ?
        WHERE id = ? AND agreement_secret_encrypted = ?`,
      [box.lookupHash(secret), box.encrypt(secret), id, sealed]
    )
  }
}
