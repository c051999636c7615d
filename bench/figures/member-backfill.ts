import { startFakeSmaregi } from "../../dev/fake-smaregi/server"
import { type BenchContext, count, type Figure, waitUntil } from "../lib/context"
import { json } from "../lib/http"
import { ratio, round } from "../lib/stats"
import { DEFAULT_WINDOW_MS } from "../../src/smaregi/rate-limiter"

const RATE_PER_SECOND = 5
const ROWS_PER_CALL = 100
const TARGET = 1.1
const CONTRACT = { contractId: "bench-contract", accessToken: "bench-token" }

type Progress = { id: string; status: string; total: number; done: number; failed: number; skipped: number; last_error: string | null }

/**
 * member_backfill: every registered customer (10,000) pushed to the fake Smaregi through the members backfill
 * started by the admin route, at the fake's enforced limit of 5 requests/s and 100 rows per customer_upd, vs
 * the theoretical minimum customers / (100 × 5) s. The fake counts requests over the limit.
 */
export async function memberBackfill(ctx: BenchContext): Promise<Figure[]> {
  const customers = ctx.quick ? 1000 : 10_000
  const fake = await startFakeSmaregi({ port: 0, contracts: [CONTRACT], tls: { key: ctx.env.fakeTls.key, cert: ctx.env.fakeTls.cert } })
  const admin = { authorization: `Bearer ${ctx.setup.admin_token}` }
  const connectionId = ctx.setup.connection_id
  try {
    fake.fault({ rateLimitPerSecond: RATE_PER_SECOND })
    const registered = () => count(ctx.db, "select count(*) from customer where has_account and deleted_at is null")
    const missing = customers - (await registered())
    for (let made = 0; made < missing; made += 1000) {
      await ctx.post("/bench/customers", { from: made + 1, count: Math.min(1000, missing - made) })
    }
    if ((await registered()) !== customers) throw new Error(`expected ${customers} registered customers, found ${await registered()}`)

    await ctx.post("/bench/connection", {
      id: connectionId,
      access_token: CONTRACT.accessToken,
      settings: {
        apiUrl: fake.url,
        contractId: CONTRACT.contractId,
        memberSyncEnabled: true,
        rateLimitPerSecond: RATE_PER_SECOND,
        memberBatchSize: ROWS_PER_CALL,
        customerIdStart: 100_000,
      },
    })
    fake.requests.length = 0

    const start = Date.now()
    const started = await json<{ backfill: Progress }>(ctx.agent, `${ctx.app.url}/admin/smaregi/members/backfill`, {
      method: "POST",
      json: { connection_id: connectionId },
      headers: admin,
    })
    let progress = started.backfill
    await waitUntil(
      "the member backfill to finish",
      async () => {
        ;({ backfill: progress } = await json<{ backfill: Progress }>(
          ctx.agent,
          `${ctx.app.url}/admin/smaregi/members/backfill/${started.backfill.id}`,
          { headers: admin }
        ))
        if (progress.status === "failed" || progress.status === "stopped") throw new Error(`backfill ${progress.status}: ${progress.last_error}`)
        return progress.status === "completed"
      },
      ctx.quick ? 120_000 : 300_000,
      100
    )
    const wallS = (Date.now() - start) / 1000

    const calls = fake.requests.filter((r) => r.procName === "customer_upd" && r.status === 200)
    const rows = calls.reduce((n, r) => n + ((r.params as { data: Array<{ rows: unknown[] }> }).data[0]?.rows.length ?? 0), 0)
    const spanS = calls.length > 1 ? (calls[calls.length - 1].time - calls[0].time) / 1000 : 0
    const synced = await count(ctx.db, "select count(*) from smaregi_member where connection_id = $1 and status = 'synced' and deleted_at is null", [
      connectionId,
    ])
    const theoreticalS = customers / (ROWS_PER_CALL * RATE_PER_SECOND)
    // Every call counts against the limit, the OUT-11 customer_ref checks before first writes included; the
    // limiter holds each slot until the call is answered and DEFAULT_WINDOW_MS after, so this bound leaves out latency.
    const allCalls = fake.requests.filter((q) => q.status === 200).length
    const limiterBoundS = (allCalls * DEFAULT_WINDOW_MS) / (RATE_PER_SECOND * 1000)
    const r = ratio(wallS, theoreticalS)
    return [
      {
        figure: "member_backfill",
        customers,
        members_synced: synced,
        calls: calls.length,
        rows_pushed: rows,
        rejected_calls: fake.requests.filter((q) => q.procName === "customer_upd" && q.status !== 200).length,
        ours_s: round(wallS, 1),
        push_span_s: round(spanS, 1),
        // Time from one customer_upd to the next; the limit alone would allow 1000 / rate ms.
        mean_call_interval_ms: calls.length > 1 ? round((spanS * 1000) / (calls.length - 1), 0) : null,
        theoretical_s: round(theoreticalS, 1),
        ratio: r,
        rate_limit_per_s: RATE_PER_SECOND,
        all_calls: allCalls,
        calls_by_procedure: countBy(fake.requests.filter((q) => q.status === 200).map((q) => q.procName ?? "unknown")),
        limiter_window_ms: DEFAULT_WINDOW_MS,
        limiter_bound_s: round(limiterBoundS, 1),
        ratio_to_limiter_bound: ratio(wallS, limiterBoundS),
        rate_limit_violations: fake.rateLimitViolations,
        max_requests_in_1s: fake.maxObservedPerSecond,
        backfill: { done: progress.done, failed: progress.failed, skipped: progress.skipped },
        target: `<= ${TARGET} x theoretical`,
        met: r === null ? null : r <= TARGET,
      },
    ]
  } finally {
    await ctx.post("/bench/connection", { id: connectionId, settings: { memberSyncEnabled: false } }).catch(() => undefined)
    await fake.stop()
  }
}

function countBy(names: string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const name of names) counts[name] = (counts[name] ?? 0) + 1
  return counts
}
