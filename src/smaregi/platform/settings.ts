import { z } from "@medusajs/framework/zod"
import { platformUrls, type PlatformEnvironment } from "./client"
import { DEFAULT_WEBHOOK_SECRET_HEADER } from "./webhook"

export const SMAREGI_APIS = ["v2", "platform"] as const
export type SmaregiApiChoice = (typeof SMAREGI_APIS)[number]
export const PLATFORM_ENVIRONMENTS = ["sandbox", "production"] as const

// An HTTP header name (RFC 9110 token); Smaregi's own headers may not carry the secret.
const headerName = z
  .string()
  .trim()
  .min(1, "header name is required")
  .max(100)
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "must be an HTTP header name (letters, digits and - only, e.g. X-Smaregi-Webhook-Secret)")
  .refine((v) => !/^smaregi-/i.test(v), { message: "must not be one of Smaregi's own Smaregi-* headers" })

const overrideUrl = z
  .union([z.url({ message: "must be an http(s) URL" }), z.literal("")])
  .nullable()
  .default(null)
  .transform((v) => (v ? v.replace(/\/+$/, "") : null))

/** The Platform API part of a connection's settings (the contract id is the connection's `contractId`). */
export const platformSettingsSchema = z.object({
  environment: z.enum(PLATFORM_ENVIRONMENTS).default("sandbox"),
  clientId: z.string().trim().max(200).nullable().default(null).transform((v) => v || null),
  /** Overrides of the environment's id/api base URLs (a fake, a proxy). */
  idUrl: overrideUrl,
  apiUrl: overrideUrl,
  webhookSecretHeader: headerName.default(DEFAULT_WEBHOOK_SECRET_HEADER),
})
export type PlatformSettings = z.infer<typeof platformSettingsSchema>

export const DEFAULT_PLATFORM_SETTINGS: PlatformSettings = {
  environment: "sandbox",
  clientId: null,
  idUrl: null,
  apiUrl: null,
  webhookSecretHeader: DEFAULT_WEBHOOK_SECRET_HEADER,
}

/** The id and api base URLs a connection calls: the overrides, else the environment's. */
export function effectivePlatformUrls(settings: Pick<PlatformSettings, "environment" | "idUrl" | "apiUrl">): { idUrl: string; apiUrl: string } {
  const urls = platformUrls(settings.environment as PlatformEnvironment)
  return { idUrl: settings.idUrl || urls.idUrl, apiUrl: settings.apiUrl || urls.apiUrl }
}
