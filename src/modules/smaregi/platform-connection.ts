// The Platform API side of a connection: its sealed secrets, its public flags, the webhook's lookup by
// contract id and the rules a platform connection's settings must meet.
import { MedusaError } from "@medusajs/framework/utils"
import { effectivePlatformUrls, type SmaregiApiChoice } from "../../smaregi/platform/settings"
import { apiUrlProblem, type ConnectionSettings } from "../../smaregi/settings"
import type { Sql } from "./repositories/sql"
import { SmaregiNotConfiguredError } from "./transport/types"
import type { SecretBox } from "./secrets"
import type { ConnectionInput } from "./types"

/** A shared secret in a header is all that authenticates Smaregi's webhook: it must not be guessable. */
export const MIN_WEBHOOK_SECRET_LENGTH = 16

export type PlatformSecretColumns = {
  api: SmaregiApiChoice
  client_secret_encrypted: string | null
  webhook_secret_encrypted: string | null
}

/** The columns to write for the platform part of an input (only what the input names). */
export function sealPlatformSecrets(box: SecretBox, input: ConnectionInput): Partial<PlatformSecretColumns> {
  const out: Partial<PlatformSecretColumns> = {}
  if (input.api !== undefined) out.api = input.api
  if (input.clientSecret !== undefined) {
    const secret = input.clientSecret?.trim() || null
    out.client_secret_encrypted = secret ? box.encrypt(secret) : null
  }
  if (input.webhookSecret !== undefined) {
    const secret = input.webhookSecret?.trim() || null
    if (secret !== null && secret.length < MIN_WEBHOOK_SECRET_LENGTH) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `webhookSecret: must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters`)
    }
    out.webhook_secret_encrypted = secret ? box.encrypt(secret) : null
  }
  return out
}

/** The Platform id/api URLs receive the client secret and the token: https, or http to this machine outside production. */
export function assertPlatformSettings(api: SmaregiApiChoice, settings: ConnectionSettings): void {
  if (api !== "platform") return
  for (const key of ["idUrl", "apiUrl"] as const) {
    const url = settings.platform[key]
    const problem = url ? apiUrlProblem(url) : null
    if (problem) throw new MedusaError(MedusaError.Types.INVALID_DATA, `settings.platform.${key}: ${problem}`)
  }
}

export type PlatformWebhookTarget = {
  id: string
  enabled: boolean
  settings: unknown
  updated_at: Date | string
  webhookSecret: string | null
}

/** The Platform API's reads of smaregi_connection, on the module's SQL. */
export class PlatformConnectionRecords {
  constructor(private readonly sql: Sql) {}

  /** Another live platform connection of the same contract: one webhook URL per contract must find one connection. */
  async assertContractFree(api: SmaregiApiChoice, contractId: string | null, exceptId?: string): Promise<void> {
    if (api !== "platform" || !contractId) return
    const rows = await this.sql(
      `SELECT id FROM smaregi_connection WHERE api = 'platform' AND settings->>'contractId' = ? AND deleted_at IS NULL AND id <> ?`,
      [contractId, exceptId ?? ""]
    )
    if (rows.length) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `settings.contractId: another Platform API connection already uses contract ${contractId}`)
    }
  }

  /** The live platform connection of a contract with its webhook secret opened (the route compares it in constant time). */
  async loadPlatformWebhookTarget(box: SecretBox, contractId: string): Promise<PlatformWebhookTarget | null> {
    const [row] = await this.sql(
      `SELECT id, enabled, settings, updated_at, webhook_secret_encrypted FROM smaregi_connection
        WHERE api = 'platform' AND settings->>'contractId' = ? AND deleted_at IS NULL
        ORDER BY enabled DESC, created_at ASC LIMIT 1`,
      [contractId]
    )
    if (!row) return null
    const sealed = row.webhook_secret_encrypted as string | null
    const webhookSecret = sealed ? box.decrypt(sealed) : null
    if (sealed && webhookSecret) await this.resealPlatformSecret(box, String(row.id), "webhook_secret_encrypted", sealed, webhookSecret)
    return {
      id: String(row.id),
      enabled: !!row.enabled,
      settings: row.settings,
      updated_at: row.updated_at as Date,
      webhookSecret,
    }
  }

  /**
   * A platform secret sealed in an older format or with a rotated-out key is sealed again with the current key once
   * read, as the access token is; the compare-and-set keeps a concurrent admin change.
   */
  async resealPlatformSecret(
    box: SecretBox,
    id: string,
    column: "client_secret_encrypted" | "webhook_secret_encrypted",
    sealed: string,
    plain: string
  ): Promise<void> {
    if (!box.needsReseal(sealed)) return
    await this.sql(`UPDATE smaregi_connection SET ${column} = ? WHERE id = ? AND ${column} = ?`, [box.encrypt(plain), id, sealed])
  }
}


export type PlatformCredentials = {
  environment: ConnectionSettings["platform"]["environment"]
  contractId: string
  clientId: string
  clientSecret: string
  idUrl: string
  apiUrl: string
}

/** A platform connection as the transport is built from it; SmaregiNotConfiguredError names what is missing. */
export function platformTransportConnection(
  box: SecretBox,
  row: { id: string; client_secret_encrypted: string | null },
  settings: ConnectionSettings
): { id: string; api: "platform"; settings: PlatformCredentials } {
  const result = platformCredentials(row.id, settings, row.client_secret_encrypted ? box.decrypt(row.client_secret_encrypted) : null)
  if (!result.ok) throw new SmaregiNotConfiguredError(result.message)
  return { id: row.id, api: "platform", settings: result.value }
}

/** What a PlatformTransport needs, or why the connection cannot call the Platform API yet. */
export function platformCredentials(
  connectionId: string,
  settings: ConnectionSettings,
  clientSecret: string | null
): { ok: true; value: PlatformCredentials } | { ok: false; message: string } {
  const { contractId } = settings
  const { clientId, environment } = settings.platform
  if (!contractId || !clientId || !clientSecret) {
    const missing = [!contractId && "contract id", !clientId && "client id", !clientSecret && "client secret"].filter(Boolean).join(", ")
    return { ok: false, message: `Smaregi connection ${connectionId} has no ${missing} for the Platform API (set them in Settings › Smaregi)` }
  }
  for (const [key, url] of Object.entries(effectivePlatformUrls(settings.platform))) {
    const problem = apiUrlProblem(url)
    if (problem) return { ok: false, message: `Smaregi connection ${connectionId}: settings.platform.${key} ${url} ${problem}` }
  }
  return { ok: true, value: { environment, contractId, clientId, clientSecret, ...effectivePlatformUrls(settings.platform) } }
}
