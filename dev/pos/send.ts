// Sending with bounded concurrency, and the lines the CLI prints.
import type { PosRequest } from "./requests"

export type Sent = { transactionHeadIds: string[] }

export type PosResponse = { status: number; body: string }
export type PosResult<R extends Sent = PosRequest> = { request: R; status: number | null; body: string; error: string | null }
export type Sender<R extends Sent = PosRequest> = (request: R) => Promise<PosResponse>

/** Sends with at most `concurrency` requests in flight; results keep the request order. */
export async function sendAll<R extends Sent>(
  requests: R[],
  send: Sender<R>,
  concurrency: number,
  onResult?: (result: PosResult<R>) => void
): Promise<PosResult<R>[]> {
  const results: PosResult<R>[] = new Array(requests.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < requests.length) {
      const index = next++
      const request = requests[index]!
      let result: PosResult<R>
      try {
        const response = await send(request)
        result = { request, status: response.status, body: response.body, error: null }
      } catch (e) {
        result = { request, status: null, body: "", error: describeError(e) }
      }
      results[index] = result
      onResult?.(result)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, requests.length)) }, worker))
  return results
}

export function isSuccess(result: PosResult<Sent>): boolean {
  return result.status !== null && result.status >= 200 && result.status < 300
}

export function exitCodeFor(results: PosResult<Sent>[]): number {
  return results.every(isSuccess) ? 0 : 1
}

export function formatResult(result: PosResult<Sent>, opts: { maxBody?: number } = {}): string {
  const maxBody = opts.maxBody ?? 200
  const ids = result.request.transactionHeadIds.join(",") || "-"
  if (result.status === null) {
    return `ERR ${ids} ${result.error ?? "request failed"}`
  }
  const body = result.body.replace(/\s+/g, " ").trim()
  const shown = body.length > maxBody ? `${body.slice(0, maxBody)}…` : body
  return `${result.status} ${ids} ${shown}`.trimEnd()
}

export function formatDryRun(request: PosRequest): string {
  const headers = Object.entries(request.headers).map(([k, v]) => `${k}: ${v}`)
  return [
    `${request.method} ${request.url}`,
    ...headers,
    `# transactionHeadId: ${request.transactionHeadIds.join(",")}`,
    "",
    request.body,
    "",
  ].join("\n")
}

export function summarise(results: PosResult<Sent>[]): string {
  const ok = results.filter(isSuccess).length
  return `${ok}/${results.length} succeeded`
}

function describeError(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: unknown }).cause
    return cause instanceof Error ? `${e.message}: ${cause.message}` : e.message
  }
  return String(e)
}
