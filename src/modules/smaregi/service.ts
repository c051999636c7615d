import { InjectManager, MedusaContext, MedusaError, MedusaService } from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
import { SmaregiBackfill } from "./models/backfill"
import { SmaregiConnection } from "./models/connection"
import { SmaregiMember } from "./models/member"
import { SmaregiPullRun } from "./models/pull-run"
import { SmaregiMemberImport } from "./models/member-import"
import { SmaregiRequest } from "./models/request"
import { SmaregiTransaction } from "./models/transaction"
import { SmaregiTransactionEvent } from "./models/transaction-event"
import { SecretBox } from "./secrets"
import {
  type InboxDelivery,
  type RecordDeliveryInput,
  type SmaregiRequestRecord,
  recordAcceptedPush,
  recordRequest,
  recordTransactionDelivery,
  resolveWebhookMaxBytes,
} from "./inbox"
import { connectionSettingsSchema, type ConnectionSettings } from "./settings"
import type { ConnectionCredentials, ConnectionInput, PublicConnection, SmaregiModuleOptions } from "./types"

type ConnectionRow = {
  id: string
  name: string
  enabled: boolean
  agreement_secret_hash: string | null
  agreement_secret_encrypted: string | null
  access_token_encrypted: string | null
  settings: Record<string, unknown>
  reconcile_watermark: string | null
  reconciled_at: Date | null
  customer_id_floor: number | null
  customer_id_floor_read_at: Date | null
  created_at: Date
  updated_at: Date
}

// Cached settings are shared between requests, so nobody may change them in place.
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

/** The first id still free to allocate on a smaregi_connection row (SQL over its own columns). */
export const NEXT_CUSTOMER_ID_SQL = `GREATEST(COALESCE(next_customer_id, 1), COALESCE((settings->>'customerIdStart')::int, 1), COALESCE(customer_id_floor, 0) + 1)`

/** How long a webhook's connection lookup is reused (per agreement secret, per process). */
export const CONNECTION_CACHE_MS = 1000
const CONNECTION_CACHE_MAX = 1000

type SqlManager = {
  execute: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>
  getKnex: () => { raw: (sql: string, bindings: never) => Promise<{ rows: Record<string, unknown>[] }> }
}

export default class SmaregiModuleService extends MedusaService({
  SmaregiConnection,
  SmaregiTransaction,
  SmaregiTransactionEvent,
  SmaregiRequest,
  SmaregiMember,
  SmaregiBackfill,
  SmaregiPullRun,
  SmaregiMemberImport,
}) {
  protected readonly options_: SmaregiModuleOptions
  protected secretBox_?: SecretBox

  constructor(container: Record<string, unknown>, options: SmaregiModuleOptions = {}) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = options ?? {}
  }

  getOptions(): SmaregiModuleOptions {
    return { ...this.options_, encryptionKey: undefined }
  }

  protected secrets(): SecretBox {
    this.secretBox_ ??= new SecretBox(this.options_.encryptionKey || process.env.SMAREGI_ENCRYPTION_KEY, {
      production: process.env.NODE_ENV === "production",
    })
    return this.secretBox_
  }

  toPublicConnection(row: ConnectionRow): PublicConnection {
    return {
      id: row.id,
      name: row.name,
      enabled: row.enabled,
      agreement_secret_set: !!row.agreement_secret_encrypted,
      access_token_set: !!row.access_token_encrypted,
      settings: this.parsedSettings(row.id, row.updated_at, row.settings),
      reconcile_watermark: row.reconcile_watermark,
      reconciled_at: row.reconciled_at,
      customer_id_floor: row.customer_id_floor ?? null,
      customer_id_floor_read_at: row.customer_id_floor_read_at ?? null,
      created_at: row.created_at,
      updated_at: row.updated_at,
    }
  }

  protected sealSecrets(input: ConnectionInput): Partial<ConnectionRow> {
    const out: Partial<ConnectionRow> = {}
    if (input.agreementSecret !== undefined) {
      const secret = input.agreementSecret?.trim() || null
      if (secret !== null && secret.length < 8) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, "agreementSecret: must be at least 8 characters")
      }
      out.agreement_secret_hash = secret ? this.secrets().lookupHash(secret) : null
      out.agreement_secret_encrypted = secret ? this.secrets().encrypt(secret) : null
    }
    if (input.accessToken !== undefined) {
      const token = input.accessToken?.trim() || null
      out.access_token_encrypted = token ? this.secrets().encrypt(token) : null
    }
    return out
  }

  protected parseSettingsOrThrow(settings: unknown): ConnectionSettings {
    const parsed = connectionSettingsSchema.safeParse(settings ?? {})
    if (!parsed.success) {
      const msg = parsed.error.issues.map((i) => `settings.${i.path.join(".")}: ${i.message}`).join("; ")
      throw new MedusaError(MedusaError.Types.INVALID_DATA, msg)
    }
    return parsed.data
  }

  async createConnection(input: ConnectionInput): Promise<PublicConnection> {
    const name = input.name?.trim()
    if (!name) throw new MedusaError(MedusaError.Types.INVALID_DATA, "name: is required")
    const settings = this.parseSettingsOrThrow(input.settings)
    await this.assertAgreementSecretFree(input.agreementSecret)
    const row = await this.createSmaregiConnections({
      name,
      enabled: input.enabled ?? true,
      settings,
      next_customer_id: settings.customerIdStart,
      ...this.sealSecrets(input),
    } as any)
    this.connectionsBySecret_.clear()
    return this.toPublicConnection(row as unknown as ConnectionRow)
  }

  async updateConnection(id: string, input: ConnectionInput): Promise<PublicConnection> {
    const current = (await this.retrieveSmaregiConnection(id)) as unknown as ConnectionRow
    const update: Record<string, unknown> = { id, ...this.sealSecrets(input) }
    if (input.name !== undefined) {
      if (!input.name.trim()) throw new MedusaError(MedusaError.Types.INVALID_DATA, "name: must not be empty")
      update.name = input.name.trim()
    }
    if (input.enabled !== undefined) update.enabled = input.enabled
    if (input.settings !== undefined) {
      update.settings = this.parseSettingsOrThrow({ ...(current.settings ?? {}), ...input.settings })
    }
    if (input.agreementSecret) await this.assertAgreementSecretFree(input.agreementSecret, id)
    const row = await this.updateSmaregiConnections(update as any)
    this.connectionsBySecret_.clear()
    return this.toPublicConnection(row as unknown as ConnectionRow)
  }

  async getPublicConnection(id: string): Promise<PublicConnection> {
    return this.toPublicConnection((await this.retrieveSmaregiConnection(id)) as unknown as ConnectionRow)
  }

  async listPublicConnections(): Promise<PublicConnection[]> {
    const rows = await this.listSmaregiConnections({}, { order: { created_at: "ASC" } })
    return rows.map((r) => this.toPublicConnection(r as unknown as ConnectionRow))
  }

  protected async assertAgreementSecretFree(secret: string | null | undefined, exceptId?: string) {
    if (!secret?.trim()) return
    const [other] = await this.listSmaregiConnections({ agreement_secret_hash: this.secrets().lookupHash(secret.trim()) })
    if (other && other.id !== exceptId) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "agreementSecret: another connection already uses this secret")
    }
  }

  /**
   * The enabled connection whose agreement secret equals `secret` (constant-time compare), or null. Answers are
   * kept for CONNECTION_CACHE_MS: a change made in this process applies at once, one made in another process
   * (another server instance) within that time.
   */
  async findConnectionByAgreementSecret(secret: string | null | undefined): Promise<PublicConnection | null> {
    if (!secret) return null
    const hash = this.secrets().lookupHash(secret)
    const cached = this.connectionsBySecret_.get(hash)
    if (cached && Date.now() - cached.at < CONNECTION_CACHE_MS) return cached.connection
    const connection = await this.loadConnectionBySecret(hash, secret)
    if (this.connectionsBySecret_.size >= CONNECTION_CACHE_MAX) this.connectionsBySecret_.clear()
    this.connectionsBySecret_.set(hash, { at: Date.now(), connection })
    return connection
  }

  protected connectionsBySecret_ = new Map<string, { at: number; connection: PublicConnection | null }>()

  protected async loadConnectionBySecret(hash: string, secret: string): Promise<PublicConnection | null> {
    // Raw SQL, and settings parsed once per connection version.
    const [row] = (await this.executeSql(
      `SELECT id, name, enabled, agreement_secret_encrypted, access_token_encrypted IS NOT NULL AS access_token_set,
              settings, reconcile_watermark, reconciled_at, customer_id_floor, customer_id_floor_read_at, created_at, updated_at
         FROM smaregi_connection WHERE agreement_secret_hash = ? AND deleted_at IS NULL LIMIT 1`,
      [hash]
    )) as unknown as (Omit<ConnectionRow, "access_token_encrypted" | "agreement_secret_hash"> & { access_token_set: boolean })[]
    if (!row?.agreement_secret_encrypted || !row.enabled) return null
    if (!SecretBox.equal(this.secrets().decrypt(row.agreement_secret_encrypted), secret)) return null
    return Object.freeze({
      id: row.id,
      name: row.name,
      enabled: row.enabled,
      agreement_secret_set: true,
      access_token_set: row.access_token_set,
      settings: this.parsedSettings(row.id, row.updated_at, row.settings),
      reconcile_watermark: row.reconcile_watermark,
      reconciled_at: row.reconciled_at,
      customer_id_floor: row.customer_id_floor ?? null,
      customer_id_floor_read_at: row.customer_id_floor_read_at ?? null,
      created_at: row.created_at,
      updated_at: row.updated_at,
    })
  }

  protected settingsCache_ = new Map<string, { version: number; settings: ConnectionSettings }>()

  protected parsedSettings(id: string, updatedAt: Date | string, raw: unknown): ConnectionSettings {
    const version = new Date(updatedAt).getTime()
    const cached = this.settingsCache_.get(id)
    if (cached && cached.version === version) return cached.settings
    const settings = deepFreeze(connectionSettingsSchema.parse(raw ?? {}))
    this.settingsCache_.set(id, { version, settings })
    return settings
  }

  /** Credentials for calling Smaregi. Never return this from an API. */
  async getConnectionCredentials(id: string): Promise<ConnectionCredentials> {
    const row = (await this.retrieveSmaregiConnection(id)) as unknown as ConnectionRow
    const settings = connectionSettingsSchema.parse(row.settings ?? {})
    return {
      apiUrl: settings.apiUrl,
      contractId: settings.contractId,
      accessToken: row.access_token_encrypted ? this.secrets().decrypt(row.access_token_encrypted) : null,
      rateLimitPerSecond: settings.rateLimitPerSecond,
      timeoutMs: settings.timeoutMs,
    }
  }

  /**
   * Next Smaregi customerId for a connection: one atomic UPDATE, so ids never repeat across processes; above
   * customerIdStart and above Smaregi's highest id when it was read (customer_id_floor).
   */
  @InjectManager()
  async allocateSmaregiCustomerId(connectionId: string, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    const manager = sharedContext.manager as unknown as SqlManager
    const rows = await manager.execute(
      `UPDATE smaregi_connection
          SET next_customer_id = ${NEXT_CUSTOMER_ID_SQL} + 1
        WHERE id = ? AND deleted_at IS NULL
        RETURNING next_customer_id - 1 AS allocated`,
      [connectionId]
    )
    if (!rows.length) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Smaregi connection ${connectionId} was not found`)
    return Number(rows[0].allocated)
  }

  protected knex_?: ReturnType<SqlManager["getKnex"]>

  /**
   * Runs raw SQL on the module's database (for atomic upserts and claims). The values travel as bind parameters:
   * MikroORM's `execute` would inline and escape them, which costs more than the query for a webhook's body.
   * The connection pool is resolved once: forking an entity manager per call only to reach it cost more than
   * a short query.
   */
  async executeSql(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    this.knex_ ??= await this.moduleKnex_()
    const { rows } = await this.knex_.raw(sql, params as never)
    return rows
  }

  @InjectManager()
  protected async moduleKnex_(@MedusaContext() sharedContext: Context = {}) {
    return (sharedContext.manager as unknown as SqlManager).getKnex()
  }

  // --- inbox (sales IN webhook) ---
  /** Stores a webhook request (body and query already redacted); returns its id. */
  async recordSmaregiRequest(record: SmaregiRequestRecord): Promise<string> {
    return recordRequest(this, record)
  }

  /** Stores one delivery of a transaction head in the inbox (see inbox.ts). */
  async recordSmaregiTransactionDelivery(input: RecordDeliveryInput): Promise<InboxDelivery> {
    return recordTransactionDelivery(this, input)
  }

  /** Stores an authenticated, well-formed push: the request row, then one inbox row per head. */
  async recordSmaregiPush(input: Parameters<typeof recordAcceptedPush>[1]): Promise<{ requestId: string; deliveries: InboxDelivery[] }> {
    return recordAcceptedPush(this, input)
  }

  /** Webhook body limit: module option `webhookMaxBytes`, else env SMAREGI_WEBHOOK_MAX_BYTES, else 2 MB. */
  getWebhookMaxBytes(): number {
    return resolveWebhookMaxBytes(this.options_.webhookMaxBytes, process.env.SMAREGI_WEBHOOK_MAX_BYTES)
  }
  // --- end inbox (sales IN webhook) ---
}
