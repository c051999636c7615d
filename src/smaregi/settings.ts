import { z } from "@medusajs/framework/zod"
import { PRIVATE_PROXY_RANGES } from "./ip-allowlist"
import { DEFAULT_PLATFORM_SETTINGS, platformSettingsSchema } from "./platform/settings"

// Japanese names of the settings as they appear in Smaregi / commercial integrations (the one place
// they are mapped): mode 受注連携モード, importTarget 店頭受注データ取り込み対象, productCodeMatch 商品コードマッピング,
// variationMapping バリエーション, fieldMapping 受注連携項目マッピング, inventoryEnabled 在庫引当有無,
// pointsOnCreate/pointsOnUpdate ポイント操作, lineNameSource ショップ商品名利用フラグ, errorMail 連携エラー時メール配信有無 (its
// transactionTemplate / memberTemplate: the provider's template ids), errorFeed the admin notification feed,
// memberFieldMapping 会員連携項目マッピング, rankMapping 会員ランクコードマッピング, metadataKeys 会員自由項目.

export const DEFAULT_API_URL = "https://webapi.smaregi.jp/access/"

const ipOrCidr = z
  .string()
  .trim()
  .refine((v) => isIpOrCidr(v), { message: "must be an IPv4/IPv6 address or CIDR range (e.g. 203.0.113.0/24)" })

export const ORDER_FIELD_TARGETS = ["metadata", "email", "created_at"] as const

export const fieldMappingEntry = z.object({
  smaregi: z.string().trim().min(1, "smaregi field name is required"),
  target: z
    .string()
    .trim()
    .regex(/^(metadata\.[A-Za-z0-9_.-]+|email)$/, 'must be "metadata.<key>" or "email"'),
  updatable: z.boolean().default(true),
})
export type FieldMappingEntry = z.infer<typeof fieldMappingEntry>

export const DEFAULT_ORDER_FIELD_MAPPING: FieldMappingEntry[] = [
  { smaregi: "transactionHeadId", target: "metadata.smaregi_transaction_head_id", updatable: false },
  { smaregi: "storeId", target: "metadata.smaregi_store_id", updatable: false },
  { smaregi: "storeCode", target: "metadata.smaregi_store_code", updatable: false },
  { smaregi: "terminalId", target: "metadata.smaregi_terminal_id", updatable: false },
  { smaregi: "terminalTranId", target: "metadata.smaregi_terminal_tran_id", updatable: false },
  { smaregi: "terminalTranDateTime", target: "metadata.smaregi_sale_date_time", updatable: false },
  { smaregi: "transactionDateTime", target: "metadata.smaregi_transaction_date_time", updatable: false },
  { smaregi: "staffId", target: "metadata.smaregi_staff_id", updatable: true },
  { smaregi: "staffName", target: "metadata.smaregi_staff_name", updatable: true },
  { smaregi: "customerCode", target: "metadata.smaregi_customer_code", updatable: true },
  { smaregi: "subtotal", target: "metadata.smaregi_subtotal", updatable: true },
  { smaregi: "total", target: "metadata.smaregi_total", updatable: true },
  { smaregi: "taxInclude", target: "metadata.smaregi_tax_include", updatable: true },
  { smaregi: "taxExclude", target: "metadata.smaregi_tax_exclude", updatable: true },
  { smaregi: "pointDiscount", target: "metadata.smaregi_point_discount", updatable: true },
  { smaregi: "couponDiscount", target: "metadata.smaregi_coupon_discount", updatable: true },
  { smaregi: "spendPoint", target: "metadata.smaregi_spend_point", updatable: true },
  { smaregi: "newPoint", target: "metadata.smaregi_new_point", updatable: true },
  { smaregi: "cashTotal", target: "metadata.smaregi_cash_total", updatable: true },
  { smaregi: "creditTotal", target: "metadata.smaregi_credit_total", updatable: true },
  { smaregi: "memo", target: "metadata.smaregi_memo", updatable: true },
  { smaregi: "updDateTime", target: "metadata.smaregi_upd_date_time", updatable: true },
  { smaregi: "cancelDateTime", target: "metadata.smaregi_cancel_date_time", updatable: true },
]

export const PRODUCT_CODE_ATTRIBUTES = [
  "sku",
  "barcode",
  "ean",
  "upc",
  "product_handle",
  "variant_metadata",
  "product_metadata",
] as const

export const memberFieldMappingEntry = z.object({
  source: z
    .string()
    .trim()
    .regex(
      /^(first_name|last_name|email|phone|company_name|address\.(postal_code|province|city|address_1|address_2|phone|company)|address\.full|metadata\.[A-Za-z0-9_.-]+)$/,
      "must be a customer field (first_name, last_name, email, phone, company_name), address.<part> or metadata.<key>"
    ),
  smaregi: z.string().trim().min(1),
})
export type MemberFieldMappingEntry = z.infer<typeof memberFieldMappingEntry>

export const DEFAULT_MEMBER_FIELD_MAPPING: MemberFieldMappingEntry[] = [
  { source: "last_name", smaregi: "lastName" },
  { source: "first_name", smaregi: "firstName" },
  { source: "metadata.last_name_kana", smaregi: "lastKana" },
  { source: "metadata.first_name_kana", smaregi: "firstKana" },
  { source: "email", smaregi: "mailAddress" },
  { source: "phone", smaregi: "phoneNumber" },
  { source: "address.postal_code", smaregi: "postCode" },
  { source: "address.full", smaregi: "address" },
  { source: "metadata.birthday", smaregi: "birthDate" },
  { source: "metadata.sex", smaregi: "sex" },
  { source: "metadata.mail_receive", smaregi: "mailReceiveFlag" },
]

export const rankMappingEntry = z.object({
  customer_group_id: z.string().trim().min(1, "customer group is required"),
  rank_code: z
    .string()
    .trim()
    .min(1, "rank code is required")
    .max(20, "rank code is at most 20 characters")
    .regex(/^[\x20-\x7e]+$/, "rank code must be printable ASCII"),
  priority: z.number().int().default(0),
})

// A template id of the e-mail provider (SendGrid `d-…`, a Resend/React Email name…); "" means none.
const templateId = z
  .string()
  .trim()
  .max(200, "template id is at most 200 characters")
  .regex(/^\S*$/, "template id must not contain spaces")
  .nullable()
  .default(null)
  .transform((v) => v || null)

export const connectionSettingsSchema = z.object({
  // Connection & security
  allowedSources: z.array(ipOrCidr).default([]),
  allowAnySource: z.boolean().default(false),
  // Proxies whose X-Forwarded-For is read; `trustedProxyHops` is the old form, kept only to read old settings.
  trustedProxies: z.array(ipOrCidr).optional(),
  trustedProxyHops: z.number().int().min(0).max(10).optional(),
  apiUrl: z.url({ message: "must be an http(s) URL" }).default(DEFAULT_API_URL),
  contractId: z.string().trim().max(64).nullable().default(null),
  rateLimitPerSecond: z.number().int().min(1).max(50).default(5),
  timeoutMs: z.number().int().min(500).max(120000).default(10000),
  // Platform API connections only (the connection's `api`); the contract id above is shared by both APIs.
  platform: platformSettingsSchema.default(DEFAULT_PLATFORM_SETTINGS),
  // Sales IN
  importEnabled: z.boolean().default(true),
  mode: z.enum(["create_only", "create_update_cancel"]).default("create_update_cancel"),
  importTarget: z
    .object({ memberOnly: z.boolean().default(false), storeIds: z.array(z.string().trim().min(1)).default([]) })
    .default({ memberOnly: false, storeIds: [] }),
  nonMemberPolicy: z.enum(["guest", "skip"]).default("guest"),
  salesChannelId: z.string().nullable().default(null),
  regionId: z.string().nullable().default(null),
  currencyCode: z.string().trim().toLowerCase().length(3).default("jpy"),
  productCodeMatch: z
    .object({ attribute: z.enum(PRODUCT_CODE_ATTRIBUTES).default("sku"), metadataKey: z.string().trim().nullable().default(null) })
    .refine((v) => !v.attribute.endsWith("_metadata") || !!v.metadataKey, {
      message: "metadataKey is required when matching by metadata",
      path: ["metadataKey"],
    })
    .default({ attribute: "sku", metadataKey: null }),
  variationMapping: z
    .object({ color: z.string().trim().nullable().default("Color"), size: z.string().trim().nullable().default("Size") })
    .default({ color: "Color", size: "Size" }),
  fieldMapping: z.array(fieldMappingEntry).default(DEFAULT_ORDER_FIELD_MAPPING),
  lineNameSource: z.enum(["smaregi", "medusa"]).default("smaregi"),
  inventoryEnabled: z.boolean().default(false),
  storeLocations: z.record(z.string(), z.string().min(1)).default({}),
  pointsOnCreate: z.boolean().default(false),
  pointsOnUpdate: z.boolean().default(false),
  reconcileEnabled: z.boolean().default(true),
  // Members OUT
  memberSyncEnabled: z.boolean().default(false),
  memberFieldMapping: z.array(memberFieldMappingEntry).default(DEFAULT_MEMBER_FIELD_MAPPING),
  rankMapping: z.array(rankMappingEntry).default([]),
  customerIdStart: z.number().int().min(1).max(2_000_000_000).default(1),
  memberCode: z
    .object({
      format: z.enum(["prefixed", "ean13"]).default("prefixed"),
      prefix: z.string().regex(/^[\x21-\x7e]*$/, "prefix must be printable ASCII without spaces").max(10).default("M"),
      digits: z.number().int().min(1).max(19).default(9),
    })
    .default({ format: "prefixed", prefix: "M", digits: 9 }),
  metadataKeys: z
    .object({
      memberCode: z.string().trim().min(1).default("smaregi_member_code"),
      syncedAt: z.string().trim().min(1).default("smaregi_synced_at"),
      syncStatus: z.string().trim().min(1).default("smaregi_sync_status"),
    })
    .default({ memberCode: "smaregi_member_code", syncedAt: "smaregi_synced_at", syncStatus: "smaregi_sync_status" }),
  // Only members of this customer group are synced: admins manage groups, customers cannot (unlike their metadata).
  approvalCustomerGroupId: z.string().trim().min(1).nullable().default(null),
  // Legacy: approval by a metadata key the customer can write themselves. Still read from stored settings so
  // such a connection pauses member sync (memberSyncPausedReason) instead of syncing every customer.
  approvalMetadataKey: z.string().trim().min(1).nullable().default(null),
  linkExistingBy: z.enum(["none", "email", "phone"]).default("none"),
  deletionPolicy: z.enum(["withdraw", "delete", "keep"]).default("withdraw"),
  sendPoints: z.boolean().default(false),
  memberBatchSize: z.number().int().min(1).max(500).default(100),
  namePlaceholder: z.string().trim().min(1).max(85).default("未設定"),
  // Notifications
  errorMail: z
    .object({
      enabled: z.boolean().default(false),
      to: z.array(z.email({ message: "must be an e-mail address" })).default([]),
      transactionTemplate: templateId,
      memberTemplate: templateId,
    })
    .refine((v) => !v.enabled || v.to.length > 0, { message: "at least one address is required when error mail is on", path: ["to"] })
    .default({ enabled: false, to: [], transactionTemplate: null, memberTemplate: null }),
  errorFeed: z.boolean().default(true),
}).transform(withTrustedProxies)

/**
 * Settings saved before `trustedProxies` existed: `trustedProxyHops` > 0 meant "a proxy in front of the store",
 * which is read as trusting loopback and private ranges (never a public address); 0 or absent trusts none.
 */
function withTrustedProxies<T extends { trustedProxies?: string[]; trustedProxyHops?: number }>(
  settings: T
): Omit<T, "trustedProxies" | "trustedProxyHops"> & { trustedProxies: string[] } {
  const { trustedProxies, trustedProxyHops, ...rest } = settings
  return { ...rest, trustedProxies: trustedProxies ?? (trustedProxyHops ? [...PRIVATE_PROXY_RANGES] : []) }
}

export type ConnectionSettings = z.infer<typeof connectionSettingsSchema>
export type ConnectionSettingsInput = z.input<typeof connectionSettingsSchema>

export function parseSettings(input: unknown): ConnectionSettings {
  return connectionSettingsSchema.parse(input ?? {})
}

/**
 * Why member sync is paused for these settings, or null. A connection saved with the removed
 * approvalMetadataKey and no approvalCustomerGroupId was gated by approval: it syncs nobody until an admin
 * picks an approval group or clears the key, rather than suddenly syncing every customer.
 */
export function memberSyncPausedReason(settings: Pick<ConnectionSettings, "approvalMetadataKey" | "approvalCustomerGroupId">): string | null {
  if (!settings.approvalMetadataKey || settings.approvalCustomerGroupId) return null
  return (
    `Member sync is paused: approval by the customer metadata key "${settings.approvalMetadataKey}" is no longer supported ` +
    "(customers can change their own metadata). Choose an approval customer group (settings.approvalCustomerGroupId), " +
    "or clear settings.approvalMetadataKey to sync every registered customer."
  )
}

/** Member sync runs for an enabled connection with memberSyncEnabled, unless paused (memberSyncPausedReason). */
export function memberSyncActive(connection: { enabled: boolean; settings: ConnectionSettings }): boolean {
  return connection.enabled && connection.settings.memberSyncEnabled && !memberSyncPausedReason(connection.settings)
}

const LOCAL_API_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"])

/**
 * Why `apiUrl` may not receive the access token, or null. Only https; plain http only to this machine
 * (localhost, 127.0.0.1, ::1: fakes and tests) and never when NODE_ENV is production.
 */
export function apiUrlProblem(apiUrl: string, nodeEnv: string | undefined = process.env.NODE_ENV): string | null {
  let url: URL
  try {
    url = new URL(apiUrl)
  } catch {
    return "must be an https URL"
  }
  if (url.protocol === "https:") return null
  if (url.protocol === "http:" && LOCAL_API_HOSTS.has(url.hostname)) {
    return nodeEnv === "production" ? "must be https in production (http is only allowed for localhost outside production)" : null
  }
  return "must be https (http only for localhost or 127.0.0.1, outside production): the access token travels with every call"
}

export function isIpOrCidr(value: string): boolean {
  const [addr, bits, ...rest] = value.split("/")
  if (rest.length) return false
  const v4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(addr)
  const v6 = !v4 && /^[0-9a-fA-F:]+$/.test(addr) && addr.includes(":")
  if (!v4 && !v6) return false
  if (bits === undefined) return true
  if (!/^\d+$/.test(bits)) return false
  return Number(bits) <= (v4 ? 32 : 128)
}
