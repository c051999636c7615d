import type http from "node:http"

// The fake's HTTP plumbing: problem+json answers (smaregi-platform.md "Limits and errors") and body handling.

export type Json = Record<string, unknown>
export type Answer = { status: number; body?: unknown; headers?: Record<string, string> }

export const isRecord = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value)

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly headers: Record<string, string> = {}
  ) {
    super(detail)
  }
}

export const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
}

export function problem(status: number, detail: string, headers?: Record<string, string>): never {
  throw new Problem(status, TITLES[status] ?? "Error", detail, headers)
}

export function problemAnswer(status: number, title: string, detail: string, headers: Record<string, string> = {}): Answer {
  return { status, body: { type: "about:blank", title, detail, status }, headers: { "Content-Type": "application/problem+json", ...headers } }
}

export function isoNow(): string {
  return `${new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 19)}+09:00`
}

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })
}

export function send(res: http.ServerResponse, answer: Answer): void {
  if (res.destroyed || res.writableEnded) return
  const text = answer.body === undefined ? "" : JSON.stringify(answer.body)
  res.writeHead(answer.status, {
    "Content-Type": "application/json; charset=UTF-8",
    "Content-Length": Buffer.byteLength(text),
    ...answer.headers,
  })
  res.end(text)
}

export function positive(raw: string | undefined, name: string, fallback: number, max?: number): number {
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (!/^\d+$/.test(raw) || n < 1 || (max !== undefined && n > max)) {
    problem(400, `${name} must be an integer from 1${max !== undefined ? ` to ${max}` : ""} (got ${JSON.stringify(raw)})`)
  }
  return n
}
