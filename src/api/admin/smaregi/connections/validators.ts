import { z } from "@medusajs/framework/zod"
import { MIN_WEBHOOK_SECRET_LENGTH } from "../../../../modules/smaregi/platform-connection"
import type { ConnectionInput } from "../../../../modules/smaregi/types"
import { SMAREGI_APIS } from "../../../../smaregi/platform/settings"

// Settings are checked by the module's own schema (after merging on update), so errors name
// `settings.<path>` exactly as the settings page shows them.
const connectionFields = {
  enabled: z.boolean().optional(),
  agreement_secret: z
    .string()
    .nullable()
    .optional()
    .refine((v) => v == null || v.trim() === "" || v.trim().length >= 8, { message: "agreement_secret: must be at least 8 characters" }),
  access_token: z.string().nullable().optional(),
  api: z.enum(SMAREGI_APIS, { error: 'api: must be "v2" or "platform"' }).optional(),
  client_secret: z.string().nullable().optional(),
  webhook_secret: z
    .string()
    .nullable()
    .optional()
    .refine((v) => v == null || v.trim() === "" || v.trim().length >= MIN_WEBHOOK_SECRET_LENGTH, {
      message: `webhook_secret: must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters`,
    }),
  settings: z.record(z.string(), z.unknown()).optional(),
}

export const AdminCreateSmaregiConnection = z.strictObject({
  name: z.string({ error: "name is required" }).trim().min(1, "name is required"),
  ...connectionFields,
})
export type AdminCreateSmaregiConnectionType = z.infer<typeof AdminCreateSmaregiConnection>

export const AdminUpdateSmaregiConnection = z.strictObject({
  name: z.string().trim().min(1, "name must not be empty").optional(),
  ...connectionFields,
})
export type AdminUpdateSmaregiConnectionType = z.infer<typeof AdminUpdateSmaregiConnection>

export function toConnectionInput(body: AdminUpdateSmaregiConnectionType): ConnectionInput {
  return {
    name: body.name,
    enabled: body.enabled,
    agreementSecret: body.agreement_secret,
    accessToken: body.access_token,
    api: body.api,
    clientSecret: body.client_secret,
    webhookSecret: body.webhook_secret,
    // The module validates settings and names the offending field.
    settings: body.settings as ConnectionInput["settings"],
  }
}
