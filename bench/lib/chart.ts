import type { Figure } from "./context"

type Row = { label: string; value: number | null; target: number | null; met: boolean | null; note: string }

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null)

function rows(figures: Figure[]): Row[] {
  const out: Row[] = []
  for (const f of figures) {
    if (f.error) {
      out.push({ label: f.figure, value: null, target: null, met: null, note: `failed: ${String(f.error).slice(0, 70)}` })
      continue
    }
    switch (f.figure) {
      case "webhook_ack":
        out.push({
          label: `webhook ack p99, c=${f.concurrency}${String(f.layout).startsWith("server") ? " (server)" : " (1 process)"}`,
          value: num(f.ratio_p99),
          target: null,
          met: f.met,
          note: `${f.ours_p99_ms} ms vs ${f.baseline_p99_ms} ms${f.target ? ` (target ${f.target})` : ""}; ${f.throughput_rps} req/s`,
        })
        break
      case "import_cost":
        out.push({
          label: "import cost (median)",
          value: num(f.ratio_median),
          target: 1.3,
          met: f.met,
          note: `${f.ours_median_ms} ms vs ${f.baseline_median_ms} ms`,
        })
        break
      case "member_backfill":
        out.push({
          label: "member backfill time",
          value: num(f.ratio),
          target: 1.1,
          met: f.met,
          note: `${f.ours_s} s vs ${f.theoretical_s} s minimum; ${f.rate_limit_violations} over the limit`,
        })
        break
      case "barcode":
        out.push({
          label: "barcode route p50",
          value: num(f.ratio_p50),
          target: 1.5,
          met: f.met,
          note: `${f.ours_p50_ms} ms vs ${f.baseline_p50_ms} ms; bwip-js SVG ${f.render_svg_p50_ms} ms`,
        })
        break
      case "import_throughput":
        out.push({
          label: "imports/s, 2 vs 1 worker (higher)",
          value: num(f.ratio_2_to_1_workers),
          target: null,
          met: null,
          note:
            f.workers_1_sales_per_s === null
              ? `single process ${f.single_process_sales_per_s}/s; workers: ${String(f.reason_null ?? "n/a").slice(0, 50)}`
              : `single ${f.single_process_sales_per_s}/s; 1 worker ${f.workers_1_sales_per_s}/s; 2 workers ${f.workers_2_sales_per_s}/s`,
        })
        break
    }
  }
  return out
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")

/** A horizontal bar per figure: ours ÷ baseline (1 = as fast as the baseline), the target as a dashed tick. */
export function renderChart(figures: Figure[], env: Record<string, unknown>): string {
  const order = ["webhook_ack", "import_cost", "import_throughput", "member_backfill", "barcode"]
  const data = rows([...figures].sort((a, b) => order.indexOf(a.figure) - order.indexOf(b.figure)))
  const width = 1180
  const left = 250
  const barMax = 300
  const rowH = 34
  const top = 64
  const height = top + data.length * rowH + 40
  const scaleMax = Math.max(2, ...data.flatMap((r) => [r.value ?? 0, r.target ?? 0]).map((v) => Math.ceil(v)))
  const x = (v: number) => Math.round((left + (Math.min(v, scaleMax) / scaleMax) * barMax) * 10) / 10
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="16" y="24" font-size="15" font-weight="600">medusa-plugin-smaregi — ours ÷ baseline, measured side by side (lower is better; throughput: higher)</text>`,
    `<text x="16" y="44" fill="#555">${esc(`${env.date ?? ""} · ${env.cpus ?? "?"} CPU · node ${env.node ?? "?"} · ${env.database ?? ""}${env.quick ? " · --quick" : ""}`)}</text>`,
  ]
  for (let tick = 0; tick <= scaleMax; tick++) {
    parts.push(`<line x1="${x(tick)}" y1="${top - 6}" x2="${x(tick)}" y2="${top + data.length * rowH}" stroke="${tick === 1 ? "#888" : "#eee"}"/>`)
    parts.push(`<text x="${x(tick)}" y="${top + data.length * rowH + 16}" text-anchor="middle" fill="#777">${tick}×</text>`)
  }
  data.forEach((row, i) => {
    const y = top + i * rowH
    const color = row.met === true ? "#2e8b57" : row.met === false ? "#c0392b" : "#7f8c8d"
    parts.push(`<text x="16" y="${y + 18}">${esc(row.label)}</text>`)
    if (row.value !== null) {
      parts.push(`<rect x="${left}" y="${y + 6}" width="${Math.max(1, Math.round((x(row.value) - left) * 10) / 10)}" height="16" fill="${color}" rx="2"/>`)
      parts.push(`<text x="${x(row.value) + 4}" y="${y + 18}" font-weight="600">${row.value}×</text>`)
    }
    if (row.target !== null) {
      parts.push(`<line x1="${x(row.target)}" y1="${y + 2}" x2="${x(row.target)}" y2="${y + 26}" stroke="#000" stroke-dasharray="3,2"/>`)
    }
    parts.push(`<text x="${left + barMax + 60}" y="${y + 18}" fill="#333">${esc(row.note)}</text>`)
  })
  parts.push("</svg>")
  return parts.join("\n") + "\n"
}
