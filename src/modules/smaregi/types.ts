import type { ConnectionSettings, ConnectionSettingsInput } from "./settings"

export type SmaregiModuleOptions = {
  /** Key for encrypting access tokens and agreement secrets at rest (≥ 16 chars). Env: SMAREGI_ENCRYPTION_KEY. */
  encryptionKey?: string
  /** Largest accepted webhook body (bytes or "2mb"); env SMAREGI_WEBHOOK_MAX_BYTES; default 2 MB. */
  webhookMaxBytes?: number | string
}

export type ConnectionInput = {
  name?: string
  enabled?: boolean
  /** The agreementId parameter value configured in Smaregi (パラメータ情報). `null` clears it. */
  agreementSecret?: string | null
  /** Smaregi API access token (アクセストークン). Write-only. `null` clears it. */
  accessToken?: string | null
  settings?: ConnectionSettingsInput
}

/** A connection as any API may show it: secrets reduced to "set / not set". */
export type PublicConnection = {
  id: string
  name: string
  enabled: boolean
  agreement_secret_set: boolean
  access_token_set: boolean
  settings: ConnectionSettings
  reconcile_watermark: string | null
  reconciled_at: Date | null
  created_at: Date
  updated_at: Date
}

export type ConnectionCredentials = {
  apiUrl: string
  contractId: string | null
  accessToken: string | null
  rateLimitPerSecond: number
  timeoutMs: number
}
