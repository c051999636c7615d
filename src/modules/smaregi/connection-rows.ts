import { MedusaError } from "@medusajs/framework/utils"
import { memberSyncPausedReason, type ConnectionSettings } from "../../smaregi/settings"
import { sealPlatformSecrets } from "./platform-connection"
import { planLacksOf } from "./repositories/plan-features"
import type { SecretBox } from "./secrets"
import type { ConnectionInput, PublicConnection } from "./types"

export type ConnectionRow = {
  id: string
  name: string
  enabled: boolean
  agreement_secret_hash: string | null
  agreement_secret_encrypted: string | null
  access_token_encrypted: string | null
  api: "v2" | "platform"
  client_secret_encrypted: string | null
  webhook_secret_encrypted: string | null
  settings: Record<string, unknown>
  reconcile_watermark: string | null
  reconciled_at: Date | null
  customer_id_floor: number | null
  customer_id_floor_read_at: Date | null
  plan_lacks?: unknown
  created_at: Date
  updated_at: Date
}

/** A stored row without its sealed secrets: what the admin and the webhook may see. */
export type ConnectionRowWithoutSecrets = Omit<
  ConnectionRow,
  "agreement_secret_encrypted" | "access_token_encrypted" | "agreement_secret_hash" | "client_secret_encrypted" | "webhook_secret_encrypted"
>

// Cached settings are shared between requests, so nobody may change them in place.
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

export function publicConnectionOf(
  row: ConnectionRowWithoutSecrets,
  settings: ConnectionSettings,
  secretsSet: { agreement_secret_set: boolean; access_token_set: boolean; client_secret_set: boolean; webhook_secret_set: boolean }
): PublicConnection {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    api: row.api ?? "v2",
    ...secretsSet,
    settings,
    member_sync_paused: memberSyncPausedReason(settings),
    reconcile_watermark: row.reconcile_watermark,
    reconciled_at: row.reconciled_at,
    customer_id_floor: row.customer_id_floor ?? null,
    customer_id_floor_read_at: row.customer_id_floor_read_at ?? null,
    plan_lacks: planLacksOf(row.plan_lacks),
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

/** The sealed columns for the secrets an admin input sets (null clears one); untouched secrets are absent. */
export function sealConnectionSecrets(box: SecretBox, input: ConnectionInput): Partial<ConnectionRow> {
  const out: Partial<ConnectionRow> = {}
  if (input.agreementSecret !== undefined) {
    const secret = input.agreementSecret?.trim() || null
    if (secret !== null && secret.length < 8) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "agreementSecret: must be at least 8 characters")
    }
    out.agreement_secret_hash = secret ? box.lookupHash(secret) : null
    out.agreement_secret_encrypted = secret ? box.encrypt(secret) : null
  }
  if (input.accessToken !== undefined) {
    const token = input.accessToken?.trim() || null
    out.access_token_encrypted = token ? box.encrypt(token) : null
  }
  return { ...out, ...sealPlatformSecrets(box, input) }
}
