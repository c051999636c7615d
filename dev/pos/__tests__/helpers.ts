// Shared by the POS simulator's specs: options and requests from an argv, and the webhook's reading of a request.
import { parseTransactionPush, type ParsedPush } from "../../../src/smaregi/push-parser"
import { parseArgs, type PosOptions } from "../args"
import { buildRequests, type PosRequest } from "../requests"

export const NOW = new Date("2026-05-10T05:03:22Z") // 14:03:22 JST

export function options(argv: string[], env: Record<string, string> = {}): PosOptions {
  const parsed = parseArgs(argv, env)
  if (parsed.kind !== "run") throw new Error(`expected run, got ${JSON.stringify(parsed)}`)
  return parsed.options
}

export function requests(argv: string[], fileJson?: unknown): PosRequest[] {
  const built = buildRequests(options(argv), { now: NOW, fileJson })
  if (!built.ok) throw new Error(built.message)
  return built.requests
}

/** Decodes a request the way the webhook sees it: form fields + query string. */
export function decode(request: PosRequest): ParsedPush {
  const url = new URL(request.url)
  const body = Object.fromEntries(new URLSearchParams(request.body))
  const result = parseTransactionPush(body, Object.fromEntries(url.searchParams))
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}
