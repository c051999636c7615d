import { PLAN_FEATURES, type PlanFeature, type PlanFeatureGate } from "../transport/types"
import { type Sql, parseJson } from "./sql"

/** A refused feature is not called again for this long; then (or after "Test connection") the next use asks again. */
export const PLAN_RECHECK_MS = 24 * 3_600_000

/** smaregi_connection.plan_lacks: per feature, when it was first refused and when it was last refused. */
type StoredLack = { since: string; checked_at: string | null }
export type PlanLack = { feature: PlanFeature; since: string; checked_at: string | null }

/** The features a connection's contract was refused, oldest first; anything unreadable is ignored. */
export function planLacksOf(raw: unknown): PlanLack[] {
  const stored = parseJson(raw) ?? {}
  const lacks: PlanLack[] = []
  for (const feature of PLAN_FEATURES) {
    const entry = stored[feature] as Partial<StoredLack> | undefined
    if (entry && typeof entry.since === "string") lacks.push({ feature, since: entry.since, checked_at: typeof entry.checked_at === "string" ? entry.checked_at : null })
  }
  return lacks.sort((a, b) => a.since.localeCompare(b.since))
}

export class PlanFeatureRecords {
  constructor(private readonly sql: Sql) {}

  /** The gate of one transport: starts from the stored state, writes only when it changes. */
  gate(connectionId: string, raw: unknown, now: () => number = Date.now): PlanFeatureGate {
    const known = new Map(planLacksOf(raw).map((l) => [l.feature, l]))
    return {
      lacks: (feature) => {
        const checked = known.get(feature)?.checked_at
        return !!checked && now() - Date.parse(checked) < PLAN_RECHECK_MS
      },
      recordLacking: async (feature) => {
        const at = new Date(now()).toISOString()
        const since = known.get(feature)?.since ?? at
        known.set(feature, { feature, since, checked_at: at })
        await this.sql(
          `UPDATE smaregi_connection
              SET plan_lacks = COALESCE(plan_lacks, '{}'::jsonb) || jsonb_build_object(?::text, jsonb_build_object('since', COALESCE(plan_lacks->?::text->>'since', ?::text), 'checked_at', ?::text))
            WHERE id = ?`,
          [feature, feature, since, at, connectionId]
        )
      },
      recordAvailable: async (feature) => {
        if (!known.delete(feature)) return
        await this.sql(`UPDATE smaregi_connection SET plan_lacks = plan_lacks - ?::text WHERE id = ?`, [feature, connectionId])
      },
    }
  }

  /** "Test connection": every refused feature is asked again at its next use (the notice stays until then). */
  async recheck(connectionId: string): Promise<void> {
    await this.sql(
      `UPDATE smaregi_connection
          SET plan_lacks = (SELECT jsonb_object_agg(key, value || '{"checked_at": null}'::jsonb) FROM jsonb_each(plan_lacks))
        WHERE id = ? AND plan_lacks IS NOT NULL AND plan_lacks <> '{}'::jsonb`,
      [connectionId]
    )
  }
}
