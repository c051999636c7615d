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
  type PointsDrift,
  type PointsEntryRow,
  type PointsModuleOptions,
  type PointsSettings,
  type PointsSettingsPatch,
  type SourcePointsInput,
  type SourcePointsResult,
} from "./types"
import { planConsumption, planRestoration } from "./utils/fifo"
import { compareVersions } from "./utils/versions"

type Row = Record<string, unknown>
type Sql = { execute: (sql: string, params?: unknown[]) => Promise<Row[]> }

const SETTINGS_KEY = "default"
const DAY_MS = 24 * 60 * 60 * 1000

/** An adjustment's source key: its idempotency key scoped to the customer. */
export const adjustmentKey = (customer_id: string, idempotency_key: string) =>
  `adjustment:${customer_id}:${idempotency_key}`

const sqlOf = (ctx: Context): Sql => (ctx.transactionManager ?? ctx.manager) as unknown as Sql

function toEntry(r: Row): PointsEntryRow {
  return {
    id: String(r.id),
    customer_id: String(r.customer_id),
    source_key: String(r.source_key),
    source: (r.source as string | null) ?? null,
    kind: r.kind as PointsEntryRow["kind"],
    amount: Number(r.amount),
    remaining: Number(r.remaining),
    reason: String(r.reason),
    actor: String(r.actor),
    expires_at: r.expires_at ? new Date(r.expires_at as string) : null,
    version: (r.version as string | null) ?? null,
    metadata: (r.metadata as Record<string, unknown> | null) ?? null,
    created_at: new Date(r.created_at as string),
  }
}

function assertWholePoints(amount: number, field = "amount") {
  if (!Number.isSafeInteger(amount)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `${field}: points must be a whole number, got ${amount}`)
  }
}

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
    const rows = await sqlOf(ctx).execute(`SELECT value FROM points_setting WHERE key = ? AND deleted_at IS NULL`, [
      SETTINGS_KEY,
    ])
    const stored = (rows[0]?.value ?? {}) as PointsSettingsPatch
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
    const rows = await sql.execute(`SELECT value FROM points_setting WHERE key = ? FOR UPDATE`, [SETTINGS_KEY])
    const current = (rows[0]?.value ?? {}) as PointsSettingsPatch
    const next: PointsSettingsPatch = {
      ...current,
      ...parsed.data,
      onlineEarning: { ...(current.onlineEarning ?? {}), ...(parsed.data.onlineEarning ?? {}) },
    }
    await sql.execute(
      `INSERT INTO points_setting (id, key, value, created_at, updated_at) VALUES (?, ?, ?::jsonb, now(), now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now(), deleted_at = NULL`,
      [generateEntityId(undefined, "ptset"), SETTINGS_KEY, JSON.stringify(next)]
    )
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
    const [row] = await sqlOf(ctx).execute(
      `SELECT
         (SELECT COALESCE(SUM(amount), 0) FROM points_entry WHERE customer_id = ? AND deleted_at IS NULL) AS balance,
         n.expires_at AS nearest_expiry,
         COALESCE(n.points, 0) AS nearest_expiry_points
       FROM (SELECT 1) one
       LEFT JOIN LATERAL (
         SELECT expires_at, SUM(remaining) AS points FROM points_entry
          WHERE customer_id = ? AND remaining > 0 AND expires_at IS NOT NULL AND deleted_at IS NULL
          GROUP BY expires_at ORDER BY expires_at ASC LIMIT 1
       ) n ON true`,
      [customer_id, customer_id]
    )
    return {
      balance: Number(row.balance),
      nearest_expiry: row.nearest_expiry ? new Date(row.nearest_expiry as string).toISOString() : null,
      nearest_expiry_points: Number(row.nearest_expiry_points),
    }
  }

  /** Newest first. */
  @InjectManager()
  async listHistory(
    customer_id: string,
    page: { limit?: number; offset?: number } = {},
    @MedusaContext() ctx: Context = {}
  ): Promise<{ entries: PointsEntryRow[]; count: number }> {
    const sql = sqlOf(ctx)
    const limit = Math.min(Math.max(page.limit ?? 20, 1), 200)
    const offset = Math.max(page.offset ?? 0, 0)
    const rows = await sql.execute(
      `SELECT * FROM points_entry WHERE customer_id = ? AND deleted_at IS NULL
        ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
      [customer_id, limit, offset]
    )
    const [c] = await sql.execute(`SELECT COUNT(*) AS n FROM points_entry WHERE customer_id = ? AND deleted_at IS NULL`, [
      customer_id,
    ])
    return { entries: rows.map(toEntry), count: Number(c.n) }
  }

  // ---- writing ----------------------------------------------------------------------------------

  /** Records movements atomically; a source key that already exists is skipped (replay). */
  @InjectTransactionManager()
  async recordMovements(movements: MovementInput[], @MedusaContext() ctx: Context = {}): Promise<MovementResult> {
    const settings = await this.getSettings(ctx)
    const { drift: _drift, ...result } = await this.applyMovements(sqlOf(ctx), movements, settings.allowNegative)
    return result
  }

  protected async applyMovements(
    sql: Sql,
    movements: MovementInput[],
    allowNegative: boolean
  ): Promise<MovementResult & { drift: PointsDrift[] }> {
    await this.lockAccounts(sql, movements.map((m) => m.customer_id))
    const result: MovementResult & { drift: PointsDrift[] } = { entries: [], skipped: [], changed_customer_ids: [], drift: [] }
    for (const m of movements) {
      const applied = await this.applyMovement(sql, m, allowNegative)
      if (!applied) {
        result.skipped.push(m.source_key)
        continue
      }
      result.entries.push(applied.entry)
      if (m.amount < 0 && applied.balance_before < -m.amount) {
        result.drift.push({
          customer_id: m.customer_id,
          source_key: m.source_key,
          kind: m.kind,
          amount: m.amount,
          balance_before: applied.balance_before,
          balance_after: applied.balance_before + m.amount,
        })
      }
    }
    result.changed_customer_ids = await this.refreshAccounts(sql, result.entries)
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
    await sql.execute(`SELECT pg_advisory_xact_lock(hashtext(?))`, [`points:source:${input.source}`])

    const versions = await sql.execute(
      `SELECT DISTINCT version FROM points_entry WHERE source = ? AND version IS NOT NULL AND deleted_at IS NULL`,
      [input.source]
    )
    const seen = versions.map((v) => String(v.version))
    const nothing = { entries: [], skipped: [], changed_customer_ids: [], drift: [] }
    if (seen.some((v) => compareVersions(v, input.version) === 0)) return { status: "replayed", ...nothing }
    if (seen.some((v) => compareVersions(v, input.version) > 0)) return { status: "stale", ...nothing }

    const nets = await sql.execute(
      `SELECT customer_id, kind, SUM(amount) AS net FROM points_entry
        WHERE source = ? AND deleted_at IS NULL GROUP BY customer_id, kind`,
      [input.source]
    )
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
    const result = await this.applyMovements(sql, movements, settings.allowNegative || input.register === true)
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
    const { drift: _drift, ...result } = await this.applyMovements(
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
    const rows = await sqlOf(ctx).execute(
      `SELECT source_key FROM points_entry WHERE source_key IN (SELECT jsonb_array_elements_text(?::jsonb)) AND deleted_at IS NULL`,
      [JSON.stringify(keys)]
    )
    return new Set(rows.map((r) => String(r.source_key)))
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
      await this.lockAccounts(sql, [input.customer_id])
      const [legacy] = await sql.execute(`SELECT id FROM points_entry WHERE source_key = ? AND customer_id = ?`, [
        `adjustment:${key}`,
        input.customer_id,
      ])
      if (legacy) return { entries: [], skipped: [source_key], changed_customer_ids: [] }
    }
    const settings = await this.getSettings(ctx)
    const { drift: _drift, ...result } = await this.applyMovements(
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
    const rows = await sqlOf(ctx).execute(
      `SELECT DISTINCT customer_id FROM points_entry
        WHERE remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ? AND deleted_at IS NULL ORDER BY customer_id`,
      [now]
    )
    return rows.map((r) => String(r.customer_id))
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
    const sql = sqlOf(ctx)
    if (!options.dry_run) await this.lockAccounts(sql, [customer_id])
    const due = await sql.execute(
      `SELECT id, remaining, expires_at FROM points_entry
        WHERE customer_id = ? AND remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ? AND deleted_at IS NULL
        ORDER BY expires_at, id`,
      [customer_id, options.now]
    )
    const byDate = new Map<string, { id: string; remaining: number }[]>()
    for (const g of due) {
      const day = new Date(g.expires_at as string).toISOString().slice(0, 10)
      byDate.set(day, [...(byDate.get(day) ?? []), { id: String(g.id), remaining: Number(g.remaining) }])
    }
    const result: ExpiryResult = { customer_id, expired: 0, by_date: [] }
    const entries: PointsEntryRow[] = []
    for (const [day, grants] of byDate) {
      const points = grants.reduce((s, g) => s + g.remaining, 0)
      result.expired += points
      result.by_date.push({ expires_on: day, points })
      if (options.dry_run) continue
      const [prior] = await sql.execute(`SELECT COUNT(*) AS n FROM points_entry WHERE source = ? AND kind = 'expiry'`, [
        `expiry:${customer_id}:${day}`,
      ])
      const n = Number(prior.n)
      const entry = await this.insertEntry(sql, {
        customer_id,
        source: `expiry:${customer_id}:${day}`,
        source_key: `expiry:${customer_id}:${day}${n ? `#${n + 1}` : ""}`,
        kind: "expiry",
        amount: -points,
        reason: `Points expired (granted with expiry ${day})`,
        actor: "system",
      })
      if (!entry) continue
      for (const g of grants) await this.allocate(sql, customer_id, entry.id, g.id, g.remaining)
      entries.push(entry)
    }
    if (!options.dry_run) await this.refreshAccounts(sql, entries)
    return result
  }

  // ---- internals ----------------------------------------------------------------------------------

  protected async lockAccounts(sql: Sql, customerIds: string[]) {
    // Sorted so two transactions touching the same customers always lock in the same order.
    for (const customer_id of [...new Set(customerIds)].sort()) {
      await sql.execute(
        `INSERT INTO points_account (id, customer_id, balance, created_at, updated_at) VALUES (?, ?, 0, now(), now())
         ON CONFLICT (customer_id) DO NOTHING`,
        [generateEntityId(undefined, "ptacc"), customer_id]
      )
      await sql.execute(`SELECT id FROM points_account WHERE customer_id = ? FOR UPDATE`, [customer_id])
    }
  }

  protected async ledgerBalance(sql: Sql, customer_id: string): Promise<number> {
    const [row] = await sql.execute(
      `SELECT COALESCE(SUM(amount), 0) AS balance FROM points_entry WHERE customer_id = ? AND deleted_at IS NULL`,
      [customer_id]
    )
    return Number(row.balance)
  }

  /** Refreshes the cached balances; returns the customers whose balance moved. */
  protected async refreshAccounts(sql: Sql, entries: PointsEntryRow[]): Promise<string[]> {
    const changed = [...new Set(entries.filter((e) => e.amount !== 0).map((e) => e.customer_id))].sort()
    for (const customer_id of changed) {
      await sql.execute(`UPDATE points_account SET balance = ?, updated_at = now() WHERE customer_id = ?`, [
        await this.ledgerBalance(sql, customer_id),
        customer_id,
      ])
    }
    return changed
  }

  protected async insertEntry(sql: Sql, m: MovementInput, remaining = 0): Promise<PointsEntryRow | null> {
    const rows = await sql.execute(
      `INSERT INTO points_entry
         (id, customer_id, source_key, source, kind, amount, remaining, reason, actor, expires_at, version, metadata, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, clock_timestamp(), clock_timestamp())
       ON CONFLICT (source_key) DO NOTHING
       RETURNING *`,
      [
        generateEntityId(undefined, "ptent"),
        m.customer_id,
        m.source_key,
        m.source ?? null,
        m.kind,
        m.amount,
        remaining,
        m.reason,
        m.actor,
        m.expires_at ? new Date(m.expires_at) : null,
        m.version ?? null,
        m.metadata ? JSON.stringify(m.metadata) : null,
      ]
    )
    return rows[0] ? toEntry(rows[0]) : null
  }

  protected async allocate(sql: Sql, customer_id: string, entry_id: string, grant_id: string, amount: number) {
    await sql.execute(
      `INSERT INTO points_allocation (id, customer_id, entry_id, grant_id, amount, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, now(), now())`,
      [generateEntityId(undefined, "ptalc"), customer_id, entry_id, grant_id, amount]
    )
    await sql.execute(`UPDATE points_entry SET remaining = remaining - ?, updated_at = now() WHERE id = ?`, [amount, grant_id])
  }

  /** Applies one movement; the customer's account must already be locked. Null when the key exists. */
  protected async applyMovement(
    sql: Sql,
    m: MovementInput,
    allowNegative: boolean
  ): Promise<{ entry: PointsEntryRow; balance_before: number } | null> {
    assertWholePoints(m.amount)
    const [dup] = await sql.execute(`SELECT id FROM points_entry WHERE source_key = ?`, [m.source_key])
    if (dup) return null
    const balance = await this.ledgerBalance(sql, m.customer_id)
    const entry = await this.applyMovementAt(sql, m, allowNegative, balance)
    return entry ? { entry, balance_before: balance } : null
  }

  protected async applyMovementAt(sql: Sql, m: MovementInput, allowNegative: boolean, balance: number): Promise<PointsEntryRow | null> {

    if (m.amount < 0) {
      const need = -m.amount
      if (!allowNegative && balance < need) {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `Customer ${m.customer_id} has ${balance} points; cannot deduct ${need} (${m.reason}): the balance may not go negative`
        )
      }
      const grants = await sql.execute(
        `SELECT id, remaining, expires_at, created_at, source, kind FROM points_entry
          WHERE customer_id = ? AND remaining > 0 AND deleted_at IS NULL`,
        [m.customer_id]
      )
      const plan = planConsumption(
        grants.map((g) => ({
          id: String(g.id),
          remaining: Number(g.remaining),
          expires_at: (g.expires_at as string | null) ?? null,
          created_at: g.created_at as string,
          preferred: !!m.linked && !!m.source && g.source === m.source && g.kind === m.kind,
        })),
        need
      )
      const entry = await this.insertEntry(sql, m)
      if (!entry) return null
      for (const a of plan.allocations) await this.allocate(sql, m.customer_id, entry.id, a.grant_id, a.amount)
      return entry
    }

    // A negative balance (allowNegative) is a debt that new points pay off first.
    let left = m.amount - Math.min(m.amount, Math.max(0, -balance))
    const restorations: { grant_id: string; amount: number }[] = []
    if (m.linked && m.source && left > 0) {
      const consumed = await sql.execute(
        `SELECT a.grant_id, SUM(a.amount) AS net, g.expires_at, g.created_at
           FROM points_allocation a
           JOIN points_entry e ON e.id = a.entry_id
           JOIN points_entry g ON g.id = a.grant_id
          WHERE e.source = ? AND e.kind = ? AND a.customer_id = ? AND a.deleted_at IS NULL
          GROUP BY a.grant_id, g.expires_at, g.created_at
         HAVING SUM(a.amount) > 0`,
        [m.source, m.kind, m.customer_id]
      )
      const plan = planRestoration(
        consumed.map((c) => ({
          grant_id: String(c.grant_id),
          net: Number(c.net),
          expires_at: (c.expires_at as string | null) ?? null,
          created_at: c.created_at as string,
        })),
        left
      )
      restorations.push(...plan.allocations)
      left = plan.unrestored
    }
    const entry = await this.insertEntry(sql, m, left)
    if (!entry) return null
    for (const r of restorations) await this.allocate(sql, m.customer_id, entry.id, r.grant_id, -r.amount)
    return entry
  }
}
