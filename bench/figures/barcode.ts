import { renderBarcodePng, renderBarcodeSvg } from "../../src/smaregi/barcode"
import type { BenchContext, Figure } from "../lib/context"
import { json, runAlternating } from "../lib/http"
import { percentile, ratio, round } from "../lib/stats"

const TARGET = 1.5
const CODE = "M000009001"

async function loggedInCustomer(ctx: BenchContext): Promise<Record<string, string>> {
  const base = ctx.app.url
  const email = `barcode-${Date.now()}@bench.example.jp`
  const password = "Passw0rd!"
  const pk = { "x-publishable-api-key": ctx.setup.store.publishableKey }
  const { token: registration } = await json<{ token: string }>(ctx.agent, `${base}/auth/customer/emailpass/register`, {
    method: "POST",
    json: { email, password },
  })
  const { customer } = await json<{ customer: { id: string } }>(ctx.agent, `${base}/store/customers`, {
    method: "POST",
    json: { email, first_name: "Hanako", last_name: "Yamada" },
    headers: { ...pk, authorization: `Bearer ${registration}` },
  })
  const { token } = await json<{ token: string }>(ctx.agent, `${base}/auth/customer/emailpass`, { method: "POST", json: { email, password } })
  await ctx.post("/bench/member", {
    connection_id: ctx.setup.connection_id,
    customer_id: customer.id,
    smaregi_customer_id: "9001",
    customer_code: CODE,
  })
  return { ...pk, authorization: `Bearer ${token}` }
}

function timeSync(n: number, fn: () => unknown): number[] {
  const samples: number[] = []
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint()
    fn()
    samples.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  return samples
}

async function timeAsync(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = []
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint()
    await fn()
    samples.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  return samples
}

/**
 * barcode: p50 of GET /store/customers/me/smaregi-barcode (SVG, Code 128, no If-None-Match so every request
 * renders) vs GET /store/customers/me/bench-ping, a bare route behind the same publishable-key and customer
 * authentication; one client alternating between the two. Plus bwip-js render time in this process.
 */
export async function barcode(ctx: BenchContext): Promise<Figure[]> {
  const requests = ctx.quick ? 200 : 1000
  const headers = await loggedInCustomer(ctx)
  const oursUrl = `${ctx.app.url}/store/customers/me/smaregi-barcode`
  const bareUrl = `${ctx.app.url}/store/customers/me/bench-ping`
  await runAlternating({ url: oursUrl, headers }, { url: bareUrl, headers }, 50)
  const { a: ours, b: bare } = await runAlternating({ url: oursUrl, headers }, { url: bareUrl, headers }, requests)

  const renders = ctx.quick ? 200 : 1000
  timeSync(50, () => renderBarcodeSvg(CODE))
  const svg = timeSync(renders, () => renderBarcodeSvg(CODE))
  const png = await timeAsync(Math.ceil(renders / 4), () => renderBarcodePng(CODE))

  const oursP50 = percentile(ours, 50)
  const bareP50 = percentile(bare, 50)
  const r = ratio(oursP50, bareP50)
  return [
    {
      figure: "barcode",
      requests: ours.length,
      ours_p50_ms: round(oursP50),
      ours_p99_ms: round(percentile(ours, 99)),
      baseline_p50_ms: round(bareP50),
      baseline_p99_ms: round(percentile(bare, 99)),
      ratio_p50: r,
      render_svg_p50_ms: round(percentile(svg, 50), 3),
      render_png_p50_ms: round(percentile(png, 50), 3),
      baseline: "bare authenticated store route (GET /store/customers/me/bench-ping)",
      target: `p50 <= ${TARGET} x baseline`,
      met: r === null ? null : r <= TARGET,
    },
  ]
}
