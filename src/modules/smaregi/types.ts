import type { PublicConnection as PublicConnectionOf } from "../../smaregi/admin-types"
import type { SmaregiApiChoice } from "../../smaregi/platform/settings"
import type { ConnectionSettingsInput } from "../../smaregi/settings"

export type SmaregiModuleOptions = {
  /** Current key for access tokens and agreement secrets at rest (≥ 16 chars). Env: SMAREGI_ENCRYPTION_KEY; old keys: SMAREGI_ENCRYPTION_KEYS. */
  encryptionKey?: string
  /** Largest accepted webhook body (bytes or "2mb"); env SMAREGI_WEBHOOK_MAX_BYTES; default 1 MB. */
  webhookMaxBytes?: number | string
  /** Member barcode requests per minute per customer (per process); env SMAREGI_BARCODE_RATE_LIMIT; default 60; 0 = off. */
  barcodeRateLimit?: number
}

export type ConnectionInput = {
  name?: string
  enabled?: boolean
  /** The agreementId parameter value configured in Smaregi (パラメータ情報). `null` clears it. */
  agreementSecret?: string | null
  /** Smaregi API access token (アクセストークン). Write-only. `null` clears it. */
  accessToken?: string | null
  /** Which Smaregi API the connection speaks (default v2). */
  api?: SmaregiApiChoice
  /** Platform API client secret. Write-only. `null` clears it. */
  clientSecret?: string | null
  /** Platform API webhook shared secret (the custom header's value). Write-only. `null` clears it. */
  webhookSecret?: string | null
  settings?: ConnectionSettingsInput
}

export type PublicConnection = PublicConnectionOf<Date>

export type ConnectionCredentials = {
  apiUrl: string
  contractId: string | null
  accessToken: string | null
  rateLimitPerSecond: number
  timeoutMs: number
}
