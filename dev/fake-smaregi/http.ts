import type http from "node:http"
import type { Answer } from "./types"

export function findHeader(rawHeaders: string[], name: string): string | undefined {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() === name) return rawHeaders[i + 1]
  }
  return undefined
}

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })
}

export function sendJson(res: http.ServerResponse, answer: Answer): void {
  if (res.destroyed || res.writableEnded) return
  const text = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body)
  res.writeHead(answer.status, {
    "Content-Type": "application/json; charset=UTF-8",
    "Content-Length": Buffer.byteLength(text),
    ...answer.headers,
  })
  res.end(text)
}
