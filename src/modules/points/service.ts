import {
  generateEntityId,
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
import { PointsAccount } from "./models/account"
import { PointsAllocation } from "./models/allocation"
import { PointsEntry } from "./models/entry"
import { PointsRankChange } from "./models/rank-change"
import { PointsRankRule } from "./models/rank-rule"
import { PointsSetting } from "./models/setting"
import {
  pointsSettingsPatchSchema,
  pointsSettingsSchema,
  type ExpiryResult,
  type MovementInput,
  type MovementResult,
  type PointsBalance,
  type PointsEntryRow,
  type PointsModuleOptions,
  type PointsSettings,
  type PointsSettingsPatch,
  type SourcePointsInput,
  type SourcePointsResult,
} from "./types"
import { lockAccounts } from "./repositories/accounts"
import { existingSourceKeys, lockSource, sourceKeyExists, sourceNets, sourceVersions } from "./repositories/entries"
import { expireDuePoints } from "./repositories/expiry"
import { customersWithDuePoints, listEntries, offRegisterTotals, readBalance } from "./repositories/ledger"
import { applyMovements } from "./repositories/movements"
import { readSettings, readSettingsForUpdate, writeSettings } from "./repositories/settings"
import { sqlOf } from "./repositories/sql"
import { compareVersions } from "./utils/versions"
import { assertWholePoints } from "./utils/whole-points"

const SETTINGS_KEY = "default"
const DAY_MS = 24 * 60 * 60 * 1000

/** An adjustment's source key: its idempotency key scoped to the customer. */
export const adjustmentKey = (customer_id: string, idempotency_key: string) =>
  `adjustment:${customer_id}:${idempotency_key}`


export default class PointsModuleService extends MedusaService({
  PointsEntry,
  PointsAllocation,
  PointsAccount,
  PointsRankRule,
  PointsRankChange,
  PointsSetting,
}) {
  protected readonly options_: PointsModuleOptions

  constructor(container: Record<string, unknown>, options: PointsModuleOptions = {}) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = options ?? {}
  }

  // ---- settings -------------------------------------------------------------------------------

  @InjectManager()
  async getSettings(@MedusaContext() ctx: Context = {}): Promise<PointsSettings> {
    const stored = await readSettings(sqlOf(ctx), SETTINGS_KEY)
    const opts = this.options_
    return pointsSettingsSchema.parse({
      ...opts,
      ...stored,
      onlineEarning: { ...(opts.onlineEarning ?? {}), ...(stored.onlineEarning ?? {}) },
    })
  }

  @InjectTransactionManager()
  async updateSettings(patch: PointsSettingsPatch, @MedusaContext() ctx: Context = {}): Promise<PointsSettings> {
    const parsed = pointsSettingsPatchSchema.safeParse(patch)
    if (!parsed.success) {
      const msg = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")
      throw new MedusaError(MedusaError.Types.INVALID_DATA, msg)
    }
    const sql = sqlOf(ctx)
    const current = await readSettingsForUpdate(sql, SETTINGS_KEY)
    const next: PointsSettingsPatch = {
      ...current,
      ...parsed.data,
      onlineEarning: { ...(current.onlineEarning ?? {}), ...(parsed.data.onlineEarning ?? {}) },
    }
    await writeSettings(sql, SETTINGS_KEY, next)
    return this.getSettings(ctx)
  }

  /** The expiry of points earned now under `earnExpiryDays` (null = never). */
  async defaultEarnExpiry(now: Date = new Date(), settings?: PointsSettings): Promise<Date | null> {
    const { earnExpiryDays } = settings ?? (await this.getSettings())
    return earnExpiryDays ? new Date(now.getTime() + earnExpiryDays * DAY_MS) : null
  }

  // ---- reading ----------------------------------------------------------------------------------

  /** Balance = sum of the ledger; nearest expiry = earliest expiry among unconsumed grants. */
  @InjectManager()
  async getBalance(customer_id: string, @MedusaContext() ctx: Context = {}): Promise<PointsBalance> {
    return readBalance(sqlOf(ctx), customer_id)
  }

  /** Per customer, the ledger without register sales and balances opened from Smaregi (see offRegisterTotals). */
  @InjectManager()
  async getOffRegisterTotals(customer_ids: string[], @MedusaContext() ctx: Context = {}): Promise<Map<string, number>> {
    return offRegisterTotals(sqlOf(ctx), customer_ids)
  }

  /** Newest first. */
  @InjectManager()
  async listHistory(
    customer_id: string,
    page: { limit?: number; offset?: number } = {},
    @MedusaContext() ctx: Context = {}
  ): Promise<{ entries: PointsEntryRow[]; count: number }> {
    const limit = Math.min(Math.max(page.limit ?? 20, 1), 200)
    const offset = Math.max(page.offset ?? 0, 0)
    return listEntries(sqlOf(ctx), customer_id, limit, offset)
  }

  // ---- writing ----------------------------------------------------------------------------------

  /** Records movements atomically; a source key that already exists is skipped (replay). */
  @InjectTransactionManager()
  async recordMovements(movements: MovementInput[], @MedusaContext() ctx: Context = {}): Promise<MovementResult> {
    const settings = await this.getSettings(ctx)
    const { drift: _drift, ...result } = await applyMovements(sqlOf(ctx), movements, settings.allowNegative)
    return result
  }

  /**
   * Makes a source's net movement per kind equal `targets` for `customer_id` (and zero for any other
   * customer it moved before). One version applies once; older versions are ignored.
   */
  @InjectTransactionManager()
  async setSourcePoints(input: SourcePointsInput, @MedusaContext() ctx: Context = {}): Promise<SourcePointsResult> {
    const sql = sqlOf(ctx)
    for (const [kind, v] of Object.entries(input.targets)) assertWholePoints(v as number, `targets.${kind}`)
    await lockSource(sql, input.source)

    const seen = await sourceVersions(sql, input.source)
    const nothing = { entries: [], skipped: [], changed_customer_ids: [], drift: [] }
    if (seen.some((v) => compareVersions(v, input.version) === 0)) return { status: "replayed", ...nothing }
    if (seen.some((v) => compareVersions(v, input.version) > 0)) return { status: "stale", ...nothing }

    const nets = await sourceNets(sql, input.source)
    const current = new Map(nets.map((n) => [`${n.customer_id}|${n.kind}`, Number(n.net)]))
    const customers = [...new Set([input.customer_id, ...nets.map((n) => String(n.customer_id))])]
    const settings = await this.getSettings(ctx)
    const expires_at = input.expires_at !== undefined ? input.expires_at : await this.defaultEarnExpiry(new Date(), settings)

    const movements: MovementInput[] = []
    for (const customer_id of customers) {
      for (const kind of ["spend", "earn"] as const) {
        const target = customer_id === input.customer_id ? input.targets[kind] ?? current.get(`${customer_id}|${kind}`) ?? 0 : 0
        const delta = target - (current.get(`${customer_id}|${kind}`) ?? 0)
        if (delta === 0) continue
        const suffix = customer_id === input.customer_id ? "" : `:${customer_id}`
        movements.push({
          customer_id,
          source: input.source,
          source_key: `${input.source}:${kind}:${input.version}${suffix}`,
          kind,
          amount: delta,
          reason: input.reasons?.[kind] ?? `${kind === "spend" ? "Points used" : "Points earned"} (${input.source})`,
          actor: input.actor,
          expires_at: kind === "earn" && delta > 0 ? expires_at : null,
          version: input.version,
          metadata: input.metadata ?? null,
          linked: true,
        })
      }
    }
    // Credits first, so a sale that both earns and spends is judged on its final balance.
    movements.sort((a, b) => Number(b.amount > 0) - Number(a.amount > 0))
    const result = await applyMovements(sql, movements, settings.allowNegative || input.register === true)
    return { status: "applied", ...result, drift: input.register ? result.drift : [] }
  }

  /**
   * Opens balances brought over from elsewhere (Smaregi): one opening_balance entry per source key, recorded once
   * (a key already in the ledger is skipped). Amounts are facts of the other system, so allowNegative does not apply.
   */
  @InjectTransactionManager()
  async openBalances(
    openings: Array<{ customer_id: string; source_key: string; amount: number; expires_at?: Date | string | null; reason: string; actor: string }>,
    @MedusaContext() ctx: Context = {}
  ): Promise<MovementResult> {
    for (const o of openings) assertWholePoints(o.amount, `opening balance of ${o.customer_id}`)
    const { drift: _drift, ...result } = await applyMovements(
      sqlOf(ctx),
      openings.map((o) => ({
        customer_id: o.customer_id,
        source_key: o.source_key,
        source: null,
        kind: "opening_balance" as const,
        amount: o.amount,
        reason: o.reason,
        actor: o.actor,
        expires_at: o.amount > 0 ? o.expires_at ?? null : null,
      })),
      true
    )
    return result
  }

  /** The given source keys that are in the ledger. */
  @InjectManager()
  async existingSourceKeys(keys: string[], @MedusaContext() ctx: Context = {}): Promise<Set<string>> {
    if (!keys.length) return new Set()
    return existingSourceKeys(sqlOf(ctx), keys)
  }

  /**
   * A manual correction by an admin (positive grants may carry an expiry). An idempotency key is scoped to the
   * customer: the same key for another customer is another adjustment.
   */
  @InjectTransactionManager()
  async adjustPoints(
    input: {
      customer_id: string
      amount: number
      reason: string
      actor: string
      expires_at?: Date | string | null
      idempotency_key?: string
    },
    @MedusaContext() ctx: Context = {}
  ): Promise<MovementResult> {
    assertWholePoints(input.amount)
    if (input.amount === 0) throw new MedusaError(MedusaError.Types.INVALID_DATA, "amount: must not be zero")
    if (!input.reason?.trim()) throw new MedusaError(MedusaError.Types.INVALID_DATA, "reason: is required")
    if (input.amount < 0 && input.expires_at) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "expires_at: only a positive adjustment can carry an expiry")
    }
    const sql = sqlOf(ctx)
    const key = input.idempotency_key
    const source_key = key ? adjustmentKey(input.customer_id, key) : `adjustment:${generateEntityId(undefined, "adj")}`
    if (key) {
      // Keys recorded before they were scoped per customer (`adjustment:<key>`) still count for their customer.
      await lockAccounts(sql, [input.customer_id])
      if (await sourceKeyExists(sql, `adjustment:${key}`, input.customer_id)) return { entries: [], skipped: [source_key], changed_customer_ids: [] }
    }
    const settings = await this.getSettings(ctx)
    const { drift: _drift, ...result } = await applyMovements(
      sql,
      [
        {
          customer_id: input.customer_id,
          source_key,
          source: null,
          kind: "adjustment",
          amount: input.amount,
          reason: input.reason.trim(),
          actor: input.actor,
          expires_at: input.expires_at ?? null,
        },
      ],
      settings.allowNegative
    )
    return result
  }

  /** Customers holding unconsumed points whose expiry is at or before `now`. */
  @InjectManager()
  async listCustomersWithDuePoints(now: Date, @MedusaContext() ctx: Context = {}): Promise<string[]> {
    return customersWithDuePoints(sqlOf(ctx), now)
  }

  /**
   * Expires a customer's due points: one ledger row per expiry date. Running it again finds nothing left
   * to expire, so it changes nothing.
   */
  @InjectTransactionManager()
  async expireCustomerPoints(
    customer_id: string,
    options: { now: Date; dry_run?: boolean },
    @MedusaContext() ctx: Context = {}
  ): Promise<ExpiryResult> {
    return expireDuePoints(sqlOf(ctx), customer_id, options)
  }
}
