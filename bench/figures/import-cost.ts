import type { BenchContext, Figure } from "../lib/context"
import { benchSale, SALE_MIX_PERIOD } from "../lib/sales"
import { median, percentile, ratio, round } from "../lib/stats"

type Timed = {
  ms: number
  status: string
  order_id: string | null
  reason: string | null
  parts?: { create_order: number; payment_collection: number; mark_paid: number }
}

type Execution = { steps: Record<string, { startedAt?: number }> }

const medianOf = (values: number[]) => round(median(values), 1)

/**
 * Where our import's time goes, when the store keeps workflow executions (SMAREGI_KEEP_WORKFLOW_EXECUTIONS_SECONDS,
 * off by default because keeping them costs time): each stored step's start time; a step's cost is the gap to the
 * next step's start. What is left of the measured time is the dispatcher around the workflow plus the last step.
 */
async function ourSteps(ctx: BenchContext, heads: Map<number, number>) {
  const patterns = [...heads.keys()].map((id) => `smaregi-tx-${ctx.setup.connection_id}-${id}-%`)
  const { rows } = await ctx.db.query<{ transaction_id: string; execution: Execution }>(
    "select transaction_id, execution from workflow_execution where workflow_id = 'smaregi-import-sale' and transaction_id like any($1)",
    [patterns]
  )
  const perStep = new Map<string, number[]>()
  const outside: number[] = []
  for (const row of rows) {
    const starts = Object.entries(row.execution.steps)
      .filter(([, step]) => typeof step.startedAt === "number")
      .map(([key, step]) => ({ name: key.split(".").pop()!, at: step.startedAt! }))
      .sort((a, b) => a.at - b.at)
    for (let i = 0; i < starts.length - 1; i++) {
      const list = perStep.get(starts[i].name) ?? []
      list.push(starts[i + 1].at - starts[i].at)
      perStep.set(starts[i].name, list)
    }
    const head = Number(row.transaction_id.slice(`smaregi-tx-${ctx.setup.connection_id}-`.length).split("-")[0])
    const total = heads.get(head)
    if (total !== undefined && starts.length) outside.push(total - (starts[starts.length - 1].at - starts[0].at))
  }
  return {
    steps: Object.fromEntries([...perStep].map(([name, values]) => [name, medianOf(values)])),
    outside: outside.length ? medianOf(outside) : null,
    executions: rows.length,
  }
}

const TARGET = 1.3

/**
 * import_cost: wall time of one sale's import through processSmaregiTransactionWorkflow vs Medusa's bare
 * createOrderWorkflow + createOrderPaymentCollectionWorkflow + markPaymentCollectionAsPaid with the order input
 * our builder makes for the same sale. Pairs run one after the other, alternating which goes first; the first
 * pairs warm up and are not counted.
 */
export async function importCost(ctx: BenchContext): Promise<Figure[]> {
  const pairs = ctx.quick ? 20 : 60
  const warmup = ctx.quick ? 3 : 5
  // Both sides of a pair import a sale of the same shape: ids congruent modulo the period of benchSale's mix.
  const span = SALE_MIX_PERIOD * Math.ceil((pairs + warmup) / SALE_MIX_PERIOD)
  const first = ctx.nextSaleId(2 * span)
  const ours: number[] = []
  const bare: number[] = []
  const oursByHead = new Map<number, number>()
  const bareParts = { create_order: [] as number[], payment_collection: [] as number[], mark_paid: [] as number[] }
  const run = async (kind: "ours" | "bare", id: number, counted: boolean) => {
    const result = await ctx.post<Timed>("/bench/import-cost", {
      kind,
      connection_id: ctx.setup.connection_id,
      transaction: benchSale(id, ctx.setup.members),
    })
    if (result.status !== "imported") throw new Error(`${kind} import of sale ${id} ended ${result.status}: ${result.reason}`)
    if (counted && kind === "ours") oursByHead.set(id, result.ms)
    if (counted && result.parts) for (const [part, ms] of Object.entries(result.parts)) bareParts[part as keyof typeof bareParts].push(ms)
    return result.ms
  }
  for (let i = 0; i < pairs + warmup; i++) {
    const order: Array<"ours" | "bare"> = i % 2 === 0 ? ["ours", "bare"] : ["bare", "ours"]
    for (const kind of order) {
      const ms = await run(kind, kind === "ours" ? first + i : first + span + i, i >= warmup)
      if (i >= warmup) (kind === "ours" ? ours : bare).push(ms)
    }
  }
  const breakdown = await ourSteps(ctx, oursByHead)
  const oursMedian = median(ours)
  const bareMedian = median(bare)
  const r = ratio(oursMedian, bareMedian)
  return [
    {
      figure: "import_cost",
      sales: pairs,
      ours_median_ms: round(oursMedian, 1),
      ours_p90_ms: round(percentile(ours, 90), 1),
      baseline_median_ms: round(bareMedian, 1),
      baseline_p90_ms: round(percentile(bare, 90), 1),
      ratio_median: r,
      ...(breakdown.executions
        ? { ours_steps_median_ms: breakdown.steps, ours_dispatch_and_last_step_median_ms: breakdown.outside }
        : { ours_steps_note: "per-step split: run with SMAREGI_KEEP_WORKFLOW_EXECUTIONS_SECONDS=3600 (slower: the store then keeps every execution)" }),
      baseline_parts_median_ms: {
        create_order: medianOf(bareParts.create_order),
        payment_collection: medianOf(bareParts.payment_collection),
        mark_paid: medianOf(bareParts.mark_paid),
      },
      baseline: "createOrderWorkflow + createOrderPaymentCollectionWorkflow + markPaymentCollectionAsPaid (same order input)",
      target: `median <= ${TARGET} x baseline`,
      met: r === null ? null : r <= TARGET,
    },
  ]
}
