import http from "node:http"

export type HttpResult = { status: number; body: string; ms: number }

export type RequestOptions = { method?: string; headers?: Record<string, string>; body?: string | Buffer; timeoutMs?: number }

/** One request over a keep-alive agent; `ms` is from write to the end of the response body. */
export function request(agent: http.Agent, url: string, options: RequestOptions = {}): Promise<HttpResult> {
  const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body)
  const headers: Record<string, string | number> = { ...(options.headers ?? {}) }
  if (body) headers["content-length"] = body.length
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint()
    const req = http.request(url, { method: options.method ?? (body ? "POST" : "GET"), headers, agent }, (res) => {
      const chunks: Buffer[] = []
      res.on("data", (c: Buffer) => chunks.push(c))
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), ms: Number(process.hrtime.bigint() - start) / 1e6 })
      )
      res.on("error", reject)
    })
    req.setTimeout(options.timeoutMs ?? 60_000, () => req.destroy(new Error(`timeout after ${options.timeoutMs ?? 60_000} ms: ${url}`)))
    req.on("error", reject)
    req.end(body)
  })
}

export async function json<T>(agent: http.Agent, url: string, options: RequestOptions & { json?: unknown } = {}): Promise<T> {
  const body = options.json === undefined ? options.body : JSON.stringify(options.json)
  const headers = { ...(options.json === undefined ? {} : { "content-type": "application/json" }), ...(options.headers ?? {}) }
  const res = await request(agent, url, { ...options, body, headers, timeoutMs: options.timeoutMs ?? 300_000 })
  if (res.status >= 400) throw new Error(`${options.method ?? (body ? "POST" : "GET")} ${url} → ${res.status}: ${res.body.slice(0, 500)}`)
  return (res.body ? JSON.parse(res.body) : null) as T
}

export type LoadSpec = {
  url: string
  method?: string
  headers?: Record<string, string>
  /** body of the i-th request (0-based), or none */
  body?: (i: number) => string | undefined
  count: number
  concurrency: number
  /** only these statuses count as success (default 2xx) */
  ok?: (status: number) => boolean
}

export type LoadResult = { latencies: number[]; wallMs: number; errors: number; statuses: Record<string, number>; firstError: string | null }

/** Closed-loop load: `concurrency` clients on their own keep-alive sockets send `count` requests in total. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency })
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  const ok = spec.ok ?? ((s: number) => s >= 200 && s < 300)
  let errors = 0
  let firstError: string | null = null
  let next = 0
  const start = process.hrtime.bigint()
  const client = async () => {
    for (;;) {
      const i = next++
      if (i >= spec.count) return
      try {
        const res = await request(agent, spec.url, { method: spec.method, headers: spec.headers, body: spec.body?.(i) })
        statuses[res.status] = (statuses[res.status] ?? 0) + 1
        if (ok(res.status)) latencies.push(res.ms)
        else {
          errors++
          firstError ??= `${res.status} ${res.body.slice(0, 300)}`
        }
      } catch (e) {
        errors++
        firstError ??= e instanceof Error ? e.message : String(e)
      }
    }
  }
  await Promise.all(Array.from({ length: spec.concurrency }, client))
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6
  agent.destroy()
  return { latencies, wallMs, errors, statuses, firstError }
}

/**
 * One client alternating between two requests (a, b, a, b, …) on one keep-alive socket: each pair meets the
 * same machine conditions, which matters for latencies of a few milliseconds.
 */
export async function runAlternating(
  a: { url: string; headers?: Record<string, string> },
  b: { url: string; headers?: Record<string, string> },
  pairs: number
): Promise<{ a: number[]; b: number[] }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const out = { a: [] as number[], b: [] as number[] }
  try {
    for (let i = 0; i < pairs; i++) {
      const order = i % 2 === 0 ? (["a", "b"] as const) : (["b", "a"] as const)
      for (const side of order) {
        const target = side === "a" ? a : b
        const res = await request(agent, target.url, { headers: target.headers })
        if (res.status < 200 || res.status >= 300) throw new Error(`${target.url} → ${res.status}: ${res.body.slice(0, 300)}`)
        out[side].push(res.ms)
      }
    }
  } finally {
    agent.destroy()
  }
  return out
}
