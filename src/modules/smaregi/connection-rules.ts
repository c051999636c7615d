import { MedusaError } from "@medusajs/framework/utils"
import { apiUrlProblem, connectionSettingsSchema, type ConnectionSettings } from "../../smaregi/settings"
import type { ConnectionRow } from "./connection-rows"
import type { ConnectionInput } from "./types"

// What a connection's input must satisfy before the service stores it.

// The legacy approval key is only ever read from stored settings: a new one would let customers approve themselves.
export function assertNoNewApprovalKey(input: ConnectionInput, current?: Record<string, unknown>) {
  const key = input.settings?.approvalMetadataKey
  if (key == null || key === "" || key === current?.approvalMetadataKey) return
  throw new MedusaError(
    MedusaError.Types.INVALID_DATA,
    "settings.approvalMetadataKey: approval by a customer metadata key is no longer supported (customers can change " +
      "their own metadata); use settings.approvalCustomerGroupId (a customer group) instead"
  )
}

// The stored token was entered for the old URL: a changed URL must not receive it unless it is entered again.
export function assertTokenReenteredForNewApiUrl(current: ConnectionRow, next: ConnectionSettings, input: ConnectionInput) {
  if (!current.access_token_encrypted || input.accessToken !== undefined) return
  const before = connectionSettingsSchema.in.shape.apiUrl.safeParse(current.settings?.apiUrl)
  if (before.success && before.data === next.apiUrl) return
  throw new MedusaError(
    MedusaError.Types.INVALID_DATA,
    "access_token: re-enter the access token when changing settings.apiUrl (the stored token is never sent to a new URL)"
  )
}

export function parseSettingsOrThrow(settings: unknown): ConnectionSettings {
  const parsed = connectionSettingsSchema.safeParse(settings ?? {})
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `settings.${i.path.join(".")}: ${i.message}`).join("; ")
    throw new MedusaError(MedusaError.Types.INVALID_DATA, msg)
  }
  const urlProblem = apiUrlProblem(parsed.data.apiUrl)
  if (urlProblem) throw new MedusaError(MedusaError.Types.INVALID_DATA, `settings.apiUrl: ${urlProblem}`)
  return parsed.data
}
