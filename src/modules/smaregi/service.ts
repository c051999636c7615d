import { InjectManager, MedusaContext, MedusaError, MedusaService } from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
import { SmaregiBackfill } from "./models/backfill"
import { SmaregiConnection } from "./models/connection"
import { SmaregiMember } from "./models/member"
import { SmaregiPlatformEvent } from "./models/platform-event"
import { SmaregiPullRun } from "./models/pull-run"
import { SmaregiMemberImport } from "./models/member-import"
import { SmaregiRequest } from "./models/request"
import { SmaregiTransaction } from "./models/transaction"
import { SmaregiTransactionEvent } from "./models/transaction-event"
import { SecretBox, secretBoxFor } from "./secrets"
import type { WebhookSourceGate } from "./webhook-connections"
import { assertPlatformSettings, platformTransportConnection } from "./platform-connection"
import { type ConnectionRow, deepFreeze, publicConnectionOf, sealConnectionSecrets } from "./connection-rows"
import { SMAREGI_REDIS } from "./loaders/redis"
import { transportForConnection, type TransportDeps } from "./transport/for-connection"
import type { SmaregiTransport } from "./transport/types"
import { ContractRateLimiters } from "../../smaregi/rate-limiter"
import { RedisRateLimiter, type RedisEval } from "../../smaregi/redis-rate-limiter"
import { InMemoryTokenStore } from "../../smaregi/platform/token"
import { SmaregiRecords } from "./repositories"
import { RedisTokenStore, type RedisTokenClient } from "../../smaregi/platform/redis-token-store"
import {
  type InboxDelivery,
  type InboxRecords,
  type RecordDeliveryInput,
  type SmaregiRequestRecord,
  resolveWebhookMaxBytes,
} from "./inbox"
import {
  apiUrlProblem,
  connectionSettingsSchema,
  type ConnectionSettings,
} from "../../smaregi/settings"
import { resolveBarcodeRateLimit } from "../../smaregi/request-window"
import type { TransactionPointsDrift } from "../../smaregi/admin-types"
import type { TransactionResult } from "./repositories/transactions"
import { assertNoNewApprovalKey, assertTokenReenteredForNewApiUrl, parseSettingsOrThrow } from "./connection-rules"
import type { ConnectionCredentials, ConnectionInput, PublicConnection, SmaregiModuleOptions } from "./types"


/** How long a webhook's connection lookup is reused (per agreement secret, per process). */
export const CONNECTION_CACHE_MS = 1000
const CONNECTION_CACHE_MAX = 1000

export type { WebhookSourceGate }

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
  SmaregiPlatformEvent,
}) {
  protected readonly options_: SmaregiModuleOptions
  protected secretBox_?: SecretBox
  protected readonly transportDeps_: TransportDeps
  protected readonly redis_: (RedisEval & RedisTokenClient & { quit(): Promise<unknown> }) | null

  constructor(container: Record<string, unknown>, options: SmaregiModuleOptions = {}) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = options ?? {}
    this.redis_ = registered(container, SMAREGI_REDIS)
    const logger = registered<{ warn(msg: string): void }>(container, "logger")
    const redis = this.redis_
    const onError = (e: unknown) => logger?.warn(`smaregi: Redis rate limiter unavailable, limiting per process: ${String(e)}`)
    // One registry per module instance: every transport of a contract shares its limiter (through Redis when set).
    const limiters = new ContractRateLimiters(redis ? (perSecond) => new RedisRateLimiter({ redis, perSecond, onError }) : undefined)
    this.transportDeps_ = { limiters, tokenStore: redis ? new RedisTokenStore({ redis }) : new InMemoryTokenStore() }
  }

  __hooks = {
    onApplicationShutdown: async () => {
      await this.redis_?.quit().catch(() => undefined)
    },
  }

  getOptions(): SmaregiModuleOptions {
    return { ...this.options_, encryptionKey: undefined }
  }

  protected secrets(): SecretBox {
    const box = this.secretBox_ ?? secretBoxFor(this.options_)
    this.secretBox_ = box
    return box
  }

  toPublicConnection(row: ConnectionRow): PublicConnection {
    return publicConnectionOf(row, this.parsedSettings(row.id, row.updated_at, row.settings), {
      agreement_secret_set: !!row.agreement_secret_encrypted,
      access_token_set: !!row.access_token_encrypted,
      client_secret_set: !!row.client_secret_encrypted,
      webhook_secret_set: !!row.webhook_secret_encrypted,
    })
  }

  protected sealSecrets(input: ConnectionInput): Partial<ConnectionRow> {
    return sealConnectionSecrets(this.secrets(), input)
  }

  async createConnection(input: ConnectionInput): Promise<PublicConnection> {
    const name = input.name?.trim()
    if (!name) throw new MedusaError(MedusaError.Types.INVALID_DATA, "name: is required")
    assertNoNewApprovalKey(input)
    const settings = parseSettingsOrThrow(input.settings)
    assertPlatformSettings(input.api ?? "v2", settings)
    await this.records().platformConnections.assertContractFree(input.api ?? "v2", settings.contractId)
    await this.assertAgreementSecretFree(input.agreementSecret)
    const row = await this.createSmaregiConnections({
      name,
      enabled: input.enabled ?? true,
      settings,
      next_customer_id: settings.customerIdStart,
      ...this.sealSecrets(input),
    } as any)
    this.connectionsBySecret_.clear()
    this.sourceGate_ = null
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
      assertNoNewApprovalKey(input, current.settings)
      const settings = parseSettingsOrThrow({ ...(current.settings ?? {}), ...input.settings })
      assertTokenReenteredForNewApiUrl(current, settings, input)
      assertPlatformSettings(input.api ?? current.api, settings)
      // Choosing an approval group replaces the legacy key (and resumes a paused member sync).
      update.settings = settings.approvalCustomerGroupId ? { ...settings, approvalMetadataKey: null } : settings
    }
    if (input.agreementSecret) await this.assertAgreementSecretFree(input.agreementSecret, id)
    const contractId = (update.settings as ConnectionSettings | undefined)?.contractId ?? (current.settings?.contractId as string | null)
    await this.records().platformConnections.assertContractFree(input.api ?? current.api, contractId ?? null, id)
    const row = await this.updateSmaregiConnections(update as any)
    this.connectionsBySecret_.clear()
    this.sourceGate_ = null
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
    const others = await this.listSmaregiConnections({ agreement_secret_hash: this.secrets().lookupHashes(secret.trim()) })
    if (others.some((other) => other.id !== exceptId)) {
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
    const connection = await this.loadConnectionBySecret(secret)
    if (this.connectionsBySecret_.size >= CONNECTION_CACHE_MAX) this.connectionsBySecret_.clear()
    this.connectionsBySecret_.set(hash, { at: Date.now(), connection })
    return connection
  }

  protected connectionsBySecret_ = new Map<string, { at: number; connection: PublicConnection | null }>()

  /**
   * Every enabled connection's source rules together, kept for CONNECTION_CACHE_MS: the webhook refuses any
   * other address before it reads a body. A connection whose stored settings no longer parse adds nothing.
   */
  async webhookSourceGate(): Promise<WebhookSourceGate> {
    const cached = this.sourceGate_
    if (cached && Date.now() - cached.at < CONNECTION_CACHE_MS) return cached.gate
    const gate = await this.records().webhookConnections.collectSourceGate((id, updatedAt, raw) => this.parsedSettings(id, updatedAt, raw))
    this.sourceGate_ = { at: Date.now(), gate }
    return gate
  }

  protected sourceGate_: { at: number; gate: WebhookSourceGate } | null = null

  protected async loadConnectionBySecret(secret: string): Promise<PublicConnection | null> {
    return this.records().webhookConnections.loadConnectionByAgreementSecret(this.secrets(), secret, (id, updatedAt, raw) => this.parsedSettings(id, updatedAt, raw))
  }

  protected async resealAccessToken(id: string, sealed: string, token: string): Promise<void> {
    if (!this.secrets().needsReseal(sealed)) return
    await this.executeSql(
      `UPDATE smaregi_connection SET access_token_encrypted = ? WHERE id = ? AND access_token_encrypted = ?`,
      [this.secrets().encrypt(token), id, sealed]
    )
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

  /** The Smaregi API of this connection; credentials and rate limits stay inside the module. */
  async transportFor(connectionId: string): Promise<SmaregiTransport> {
    const row = (await this.retrieveSmaregiConnection(connectionId)) as unknown as ConnectionRow
    const connection =
      row.api === "platform"
        ? platformTransportConnection(this.secrets(), row, connectionSettingsSchema.parse(row.settings ?? {}))
        : { id: connectionId, api: "v2" as const, credentials: await this.connectionCredentials(connectionId, row) }
    if (connection.api === "platform" && row.client_secret_encrypted) {
      await this.records().platformConnections.resealPlatformSecret(this.secrets(), row.id, "client_secret_encrypted", row.client_secret_encrypted, connection.settings.clientSecret)
    }
    return transportForConnection(connection, this.transportDeps_, this.records().planFeatures.gate(row.id, row.plan_lacks))
  }

  /** "Test connection": plan features refused earlier are asked again at their next use. */
  async recheckPlanFeatures(connectionId: string): Promise<void> {
    await this.records().planFeatures.recheck(connectionId)
  }

  /** Whether `token` is the connection's stored access token (constant-time compare); the token itself never leaves. */
  async accessTokenMatches(id: string, token: string): Promise<boolean> {
    const stored = (await this.connectionCredentials(id)).accessToken
    return stored !== null && SecretBox.equal(stored, token)
  }

  protected async connectionCredentials(id: string, known?: ConnectionRow): Promise<ConnectionCredentials> {
    const row = known ?? ((await this.retrieveSmaregiConnection(id)) as unknown as ConnectionRow)
    const settings = connectionSettingsSchema.parse(row.settings ?? {})
    const urlProblem = apiUrlProblem(settings.apiUrl)
    if (urlProblem) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Smaregi connection ${id}: settings.apiUrl ${settings.apiUrl} ${urlProblem}`)
    }
    const accessToken = row.access_token_encrypted ? this.secrets().decrypt(row.access_token_encrypted) : null
    if (accessToken && row.access_token_encrypted) await this.resealAccessToken(row.id, row.access_token_encrypted, accessToken)
    return {
      apiUrl: settings.apiUrl,
      contractId: settings.contractId,
      accessToken,
      rateLimitPerSecond: settings.rateLimitPerSecond,
      timeoutMs: settings.timeoutMs,
    }
  }

  /** Next Smaregi customerId for a connection (one atomic UPDATE: ids never repeat across processes). */
  async allocateSmaregiCustomerId(connectionId: string): Promise<number> {
    const [id] = await this.records().customerIds.allocateCustomerIds(connectionId, 1)
    return id
  }

  protected knex_?: ReturnType<SqlManager["getKnex"]>

  /**
   * Runs raw SQL on the module's database (for atomic upserts and claims). The values travel as bind parameters:
   * MikroORM's `execute` would inline and escape them, which costs more than the query for a webhook's body.
   * The connection pool is resolved once: forking an entity manager per call only to reach it cost more than
   * a short query.
   */
  protected async executeSql(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    const knex = this.knex_ ?? (await this.moduleKnex_())
    this.knex_ = knex
    const { rows } = await knex.raw(sql, params as never)
    return rows
  }

  @InjectManager()
  protected async moduleKnex_(@MedusaContext() sharedContext: Context = {}) {
    return (sharedContext.manager as unknown as SqlManager).getKnex()
  }

  // --- inbox (sales IN webhook) ---
  /** Stores a webhook request (body and query already redacted); returns its id. */
  async recordSmaregiRequest(record: SmaregiRequestRecord): Promise<string> {
    return this.records().inbox.recordRequest(record)
  }

  /** Stores one delivery of a transaction head in the inbox (see inbox.ts). */
  async recordSmaregiTransactionDelivery(input: RecordDeliveryInput): Promise<InboxDelivery> {
    return this.records().inbox.recordTransactionDelivery(input)
  }

  /** Stores an authenticated, well-formed push: the request row, then one inbox row per head. */
  async recordSmaregiPush(input: Parameters<InboxRecords["recordAcceptedPush"]>[0]): Promise<{ requestId: string; deliveries: InboxDelivery[] }> {
    return this.records().inbox.recordAcceptedPush(input)
  }

  /** Webhook body limit: module option `webhookMaxBytes`, else env SMAREGI_WEBHOOK_MAX_BYTES, else 1 MB. */
  getWebhookMaxBytes(): number {
    return resolveWebhookMaxBytes(this.options_.webhookMaxBytes, process.env.SMAREGI_WEBHOOK_MAX_BYTES)
  }
  // --- end inbox (sales IN webhook) ---

  // --- sales processing (repositories/transactions.ts, repositories/stats.ts) ---
  claimSmaregiOrder(transactionId: string, orderId: string) { return this.records().transactions.claimOrder(transactionId, orderId) }
  unclaimSmaregiOrder(transactionId: string, orderId: string) { return this.records().transactions.unclaimOrder(transactionId, orderId) }
  countSmaregiAttempt(transactionId: string) { return this.records().transactions.countAttempt(transactionId) }
  recordSmaregiResult(result: TransactionResult) { return this.records().transactions.recordResult(result) }
  flagSmaregiPointsDrift(transactionId: string, drift: TransactionPointsDrift) { return this.records().transactions.flagPointsDrift(transactionId, drift) }
  listPendingSmaregiTransactions(afterMs: number, limit: number) { return this.records().transactions.listPending(afterMs, limit) }
  countFailedPendingAttempt(transactionId: string, attempts: number, reason: string) {
    return this.records().transactions.countFailedPendingAttempt(transactionId, attempts, reason)
  }
  getSmaregiSalesStats(connectionId: string | null | undefined, tz: string) { return this.records().salesStats.salesStats(connectionId, tz) }

  /** Member barcode requests per minute per customer: module option `barcodeRateLimit`, else env SMAREGI_BARCODE_RATE_LIMIT, else 60. */
  getBarcodeRateLimit(): number {
    return resolveBarcodeRateLimit(this.options_.barcodeRateLimit, process.env.SMAREGI_BARCODE_RATE_LIMIT)
  }

  /** The module's SQL that the generated CRUD cannot express (repositories/). */
  records(): SmaregiRecords {
    return (this.records_ ??= new SmaregiRecords((sql, params) => this.executeSql(sql, params)))
  }

  protected records_?: SmaregiRecords

  /** Platform webhooks as stored (smaregi_platform_event): record, claim, finish, pending. */
  platformEvents() {
    return this.records().platformEvents
  }

  /** The live Platform connection of a contract with its webhook secret opened; for the webhook route only. */
  async findPlatformWebhookTarget(contractId: string) {
    const target = await this.records().platformConnections.loadPlatformWebhookTarget(this.secrets(), contractId)
    return target && { ...target, settings: this.parsedSettings(target.id, target.updated_at, target.settings) }
  }
}

function registered<T>(container: Record<string, unknown>, key: string): T | null {
  try {
    return (container[key] as T | undefined) ?? null
  } catch {
    return null
  }
}
