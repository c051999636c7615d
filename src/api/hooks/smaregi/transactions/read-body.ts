import type { IncomingMessage } from "node:http"

export type RawBody = { kind: "ok"; buffer: Buffer } | { kind: "too_large"; size: number } | { kind: "aborted" }

/**
 * Reads the request body up to `limit` bytes. An oversized body is drained and discarded (as
 * body-parser does) so the client still receives the 413 answer instead of a reset connection.
 */
export function readRawBody(req: IncomingMessage & { rawBody?: unknown }, limit: number): Promise<RawBody> {
  if (req.readableEnded) {
    const buffer = Buffer.isBuffer(req.rawBody) ? req.rawBody : Buffer.alloc(0)
    return Promise.resolve(buffer.length > limit ? { kind: "too_large", size: buffer.length } : { kind: "ok", buffer })
  }
  return new Promise((resolve) => {
    const declared = Number(req.headers["content-length"])
    let size = 0
    let tooLarge = Number.isFinite(declared) && declared > limit
    const chunks: Buffer[] = []
    let settled = false
    const settle = (result: RawBody) => {
      if (settled) return
      settled = true
      req.off("data", onData)
      req.off("end", onEnd)
      req.off("error", onAborted)
      req.off("close", onClose)
      resolve(result)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (tooLarge) return
      if (size > limit) {
        tooLarge = true
        chunks.length = 0
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () =>
      settle(tooLarge ? { kind: "too_large", size: Math.max(size, declared || 0) } : { kind: "ok", buffer: Buffer.concat(chunks) })
    const onAborted = () => settle({ kind: "aborted" })
    const onClose = () => {
      if (!req.complete) settle({ kind: "aborted" })
    }
    req.on("data", onData)
    req.on("end", onEnd)
    req.on("error", onAborted)
    req.on("close", onClose)
  })
}
