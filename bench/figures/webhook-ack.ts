import { type BenchContext, count, type Figure } from "../lib/context"
import { type LoadResult, runLoad } from "../lib/http"
import { benchSale, FORM_CONTENT_TYPE, pushBody } from "../lib/sales"
import { percentile, ratio, round } from "../lib/stats"

const TARGET_P99_MS = 25
export const ACK_TARGET_CONCURRENCY = 10
export const ACK_LEVELS = [1, ACK_TARGET_CONCURRENCY, 50]

type Side = { latencies: number[]; wallMs: number; requests: number }

function merge(side: Side, result: LoadResult, what: string): void {
  if (result.errors) throw new Error(`${what}: ${result.errors} requests failed (first: ${result.firstError})`)
  side.latencies.push(...result.latencies)
  side.wallMs += result.wallMs
  side.requests += result.latencies.length
}

export type AckLayout = {
  /** how the store runs during the phase, reported with each line */
  layout: string
  levels: number[]
  /** waits until (or makes sure) no background work of the pushes is left before the next block */
  drain: () => Promise<void>
}

/**
 * webhook_ack: POST /hooks/smaregi/transactions (one realistic sale per push, distinct transaction ids) vs
 * POST /bench/floor, a bare Medusa route that parses the same form body and inserts one row. Each level runs
 * in four blocks ours/floor/floor/ours so drift hits both sides alike, with the background work of the pushes
 * drained before every floor block and level. The connection's import is switched off for this phase: the
 * push is stored and enqueued exactly as in production, and processing records a skip instead of an import
 * (import cost is its own figure).
 */
export async function webhookAck(ctx: BenchContext, layout: AckLayout): Promise<Figure[]> {
  const pushes = ctx.quick ? 300 : 2000
  const half = Math.ceil(pushes / 2)
  const connectionId = ctx.setup.connection_id
  const oursUrl = `${ctx.app.url}/hooks/smaregi/transactions`
  const floorUrl = `${ctx.app.url}/bench/floor`
  const headers = { "content-type": FORM_CONTENT_TYPE }
  // Encoded before each block, so the load generator spends no time building bodies while it measures.
  const bodies = (first: number, n: number) => {
    const list = Array.from({ length: n }, (_, i) => pushBody(benchSale(first + i, ctx.setup.members), ctx.agreementId))
    return (i: number) => list[i]
  }
  const drain = layout.drain

  await ctx.post("/bench/connection", { id: connectionId, settings: { importEnabled: false } })
  try {
    const warm = Math.min(100, half)
    const warmOurs = await runLoad({ url: oursUrl, headers, body: bodies(ctx.nextSaleId(warm), warm), count: warm, concurrency: 4 })
    const warmFloor = await runLoad({ url: floorUrl, headers, body: bodies(ctx.nextSaleId(warm), warm), count: warm, concurrency: 4 })
    if (warmOurs.errors || warmFloor.errors) throw new Error(`warm-up failed: ${warmOurs.firstError ?? warmFloor.firstError}`)
    await drain()

    const figures: Figure[] = []
    for (const concurrency of layout.levels) {
      const ours: Side = { latencies: [], wallMs: 0, requests: 0 }
      const floor: Side = { latencies: [], wallMs: 0, requests: 0 }
      const storedBefore = await count(ctx.db, "select count(*) from smaregi_transaction")
      for (const side of ["ours", "floor", "floor", "ours"] as const) {
        const url = side === "ours" ? oursUrl : floorUrl
        const result = await runLoad({ url, headers, body: bodies(ctx.nextSaleId(half), half), count: half, concurrency })
        merge(side === "ours" ? ours : floor, result, `${side} at concurrency ${concurrency}`)
        if (side === "ours") await drain()
      }
      const stored = (await count(ctx.db, "select count(*) from smaregi_transaction")) - storedBefore
      if (stored !== ours.requests) throw new Error(`${ours.requests} pushes acknowledged but ${stored} inbox rows stored`)
      const oursP99 = percentile(ours.latencies, 99)
      const met = concurrency === ACK_TARGET_CONCURRENCY ? oursP99 <= TARGET_P99_MS : null
      figures.push({
        figure: "webhook_ack",
        layout: layout.layout,
        concurrency,
        pushes: ours.requests,
        ours_p50_ms: round(percentile(ours.latencies, 50)),
        ours_p99_ms: round(oursP99),
        throughput_rps: round((ours.requests / ours.wallMs) * 1000, 1),
        baseline_p50_ms: round(percentile(floor.latencies, 50)),
        baseline_p99_ms: round(percentile(floor.latencies, 99)),
        baseline_throughput_rps: round((floor.requests / floor.wallMs) * 1000, 1),
        ratio_p50: ratio(percentile(ours.latencies, 50), percentile(floor.latencies, 50)),
        ratio_p99: ratio(oursP99, percentile(floor.latencies, 99)),
        baseline: "bare Medusa route inserting one row (POST /bench/floor)",
        target: concurrency === ACK_TARGET_CONCURRENCY ? `p99 <= ${TARGET_P99_MS} ms` : null,
        met,
      })
      ctx.log(`webhook_ack (${layout.layout}) c=${concurrency}: ours p99 ${round(oursP99)} ms, floor p99 ${round(percentile(floor.latencies, 99))} ms`)
    }
    return figures
  } finally {
    await ctx.post("/bench/connection", { id: connectionId, settings: { importEnabled: true } })
  }
}
