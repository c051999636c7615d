import type { Figure } from "./context"

const ms = (v: unknown) => (typeof v === "number" ? `${v} ms` : "–")
const x = (v: unknown) => (typeof v === "number" ? `${v}×` : "–")
const yes = (met: boolean | null) => (met === true ? "yes" : met === false ? "**no**" : "–")

function row(f: Figure): string[] | null {
  if (f.error) return [f.figure, "failed", "", "", "", String(f.error)]
  switch (f.figure) {
    case "webhook_ack": {
      const layout = String(f.layout).startsWith("server") ? "server process" : "single process"
      return [
        `webhook ack, c=${f.concurrency}, ${layout}`,
        `p50 ${ms(f.ours_p50_ms)}, p99 ${ms(f.ours_p99_ms)}, ${f.throughput_rps} req/s`,
        `p50 ${ms(f.baseline_p50_ms)}, p99 ${ms(f.baseline_p99_ms)}, ${f.baseline_throughput_rps} req/s`,
        `p99 ${x(f.ratio_p99)} (p50 ${x(f.ratio_p50)})`,
        String(f.target ?? ""),
        yes(f.met),
      ]
    }
    case "import_cost":
      return [
        "import cost per sale",
        `median ${ms(f.ours_median_ms)}`,
        `median ${ms(f.baseline_median_ms)}`,
        x(f.ratio_median),
        "≤ 1.3×",
        yes(f.met),
      ]
    case "import_throughput":
      return [
        "imported sales/s",
        `single process ${f.single_process_sales_per_s}; 1 worker ${f.workers_1_sales_per_s ?? "–"}; 2 workers ${f.workers_2_sales_per_s ?? "–"}`,
        "1 worker",
        `2 vs 1 worker: ${x(f.ratio_2_to_1_workers)}`,
        "",
        "–",
      ]
    case "member_backfill":
      return [
        `member backfill, ${f.customers} customers`,
        `${f.ours_s} s (${f.rate_limit_violations} requests over the limit; ${f.all_calls} calls, ${x(f.ratio_to_limiter_bound)} the limiter's pace)`,
        `${f.theoretical_s} s theoretical minimum (customer_upd only)`,
        x(f.ratio),
        "≤ 1.1×",
        yes(f.met),
      ]
    case "barcode":
      return [
        "barcode route",
        `p50 ${ms(f.ours_p50_ms)} (bwip-js SVG ${ms(f.render_svg_p50_ms)}, PNG ${ms(f.render_png_p50_ms)})`,
        `p50 ${ms(f.baseline_p50_ms)}`,
        x(f.ratio_p50),
        "≤ 1.5×",
        yes(f.met),
      ]
    default:
      return null
  }
}

/** The figures as a Markdown table (for the README's Performance section). */
export function renderSummary(figures: Figure[], env: Record<string, unknown>): string {
  const rows = figures.map(row).filter((r): r is string[] => r !== null)
  return [
    `Run of ${String(env.date).slice(0, 10)} on ${env.cpus} CPU (${env.cpu_model}), ${env.memory_gb} GB, Node ${env.node}, ${env.database}` +
      `${env.commit ? `, commit ${env.commit}${env.dirty ? " + local changes" : ""}` : ""}${env.quick ? ", --quick" : ""}; load average ${env.load_average_start} → ${env.load_average_end}.`,
    "",
    "| figure | ours | baseline (bare Medusa) | ratio | target | met |",
    "|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`),
    "",
  ].join("\n")
}
