import { type BenchContext, count, type Figure, waitUntil } from "../lib/context"
import { runLoad } from "../lib/http"
import { benchSale, FORM_CONTENT_TYPE, pushBody } from "../lib/sales"
import { ratio, round } from "../lib/stats"

export type ThroughputRun = { sales: number; perSecond: number; wallS: number }

export const throughputSales = (ctx: BenchContext) => (ctx.quick ? 40 : 120)

/**
 * Pushes sales to the store at `url` (4 registers at once, faster than they import) and measures
 * sales / (last import done − first push): the rate at which a backlog turns into paid orders.
 * Every sale must end as exactly one imported order.
 */
export async function measureThroughput(ctx: BenchContext, url: string): Promise<ThroughputRun> {
  const sales = throughputSales(ctx)
  const first = ctx.nextSaleId(sales)
  const start = Date.now()
  const load = await runLoad({
    url: `${url}/hooks/smaregi/transactions`,
    headers: { "content-type": FORM_CONTENT_TYPE },
    body: (i) => pushBody(benchSale(first + i, ctx.setup.members), ctx.agreementId),
    count: sales,
    concurrency: 4,
  })
  if (load.errors) throw new Error(`${load.errors} pushes failed (first: ${load.firstError})`)
  const inRange = "connection_id = $1 and transaction_head_id::bigint between $2::bigint and $3::bigint"
  const params = [ctx.setup.connection_id, String(first), String(first + sales - 1)]
  await waitUntil(
    `${sales} sales to be processed`,
    async () => (await count(ctx.db, `select count(*) from smaregi_transaction where ${inRange} and status = 'received'`, params)) === 0,
    ctx.quick ? 240_000 : 600_000,
    250
  )
  const { rows } = await ctx.db.query<{ status: string; done: Date | null }>(
    `select status, processed_at as done from smaregi_transaction where ${inRange}`,
    params
  )
  const notImported = rows.filter((r) => r.status !== "imported")
  if (rows.length !== sales || notImported.length) {
    throw new Error(`${sales} sales pushed, ${rows.length} stored, ${notImported.length} not imported (${notImported[0]?.status ?? "-"})`)
  }
  const orders = await count(ctx.db, `select count(distinct order_id) from smaregi_transaction where ${inRange}`, params)
  if (orders !== sales) throw new Error(`${sales} sales imported as ${orders} orders`)
  const last = Math.max(...rows.map((r) => new Date(r.done as Date).getTime()))
  return { sales, perSecond: (sales / Math.max(1, last - start)) * 1000, wallS: (last - start) / 1000 }
}

/**
 * import_throughput: imported sales/s with a backlog. "single process" is the default store (local event bus,
 * imports in the web process). With Redis, the production layout: one server process (webhook only) and 1,
 * then 2, worker processes taking the imports from Medusa's Redis event bus.
 */
export function throughputFigure(
  ctx: BenchContext,
  single: ThroughputRun,
  workers: { 1: ThroughputRun | null; 2: ThroughputRun | null },
  eventConcurrency: number,
  reason: string | null
): Figure {
  const rate = (run: ThroughputRun | null) => (run ? round(run.perSecond) : null)
  return {
    figure: "import_throughput",
    sales_per_run: throughputSales(ctx),
    single_process_sales_per_s: rate(single),
    workers_1_sales_per_s: rate(workers[1]),
    workers_2_sales_per_s: rate(workers[2]),
    ratio_2_to_1_workers: workers[1] && workers[2] ? ratio(workers[2].perSecond, workers[1].perSecond) : null,
    event_concurrency_per_worker: workers[1] ? eventConcurrency : null,
    reason_null: reason,
    baseline: "1 worker process (scaling to 2 worker processes on the same machine)",
    target: null,
    met: null,
  }
}
