import { readFileSync } from "node:fs"

import { parseArgs } from "./args"
import { buildPlatformDeliveries, formatPlatformDryRun, sendThroughFakePlatform } from "./platform"
import { buildRequests, type PosRequest } from "./requests"
import { exitCodeFor, formatDryRun, formatResult, type PosResponse, type PosResult, type Sent, sendAll, summarise } from "./send"
import { USAGE } from "./usage"

async function sendWithFetch(request: PosRequest): Promise<PosResponse> {
  const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body })
  return { status: response.status, body: await response.text() }
}

function readJson(path: string): unknown {
  const text = readFileSync(path, "utf8")
  try {
    return JSON.parse(text) as unknown
  } catch (e) {
    throw new Error(`${path} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`)
  }
}

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2), process.env)
  if (parsed.kind === "help") {
    console.log(USAGE)
    return 0
  }
  if (parsed.kind === "error") {
    console.error(`pos: ${parsed.message}`)
    return 2
  }
  const options = parsed.options
  const ctx = {
    now: new Date(),
    ...(options.file !== null ? { fileJson: readJson(options.file) } : {}),
  }
  const print = (result: PosResult<Sent>): void => console.log(formatResult(result))
  let results: Array<PosResult<Sent>>
  if (options.platform) {
    const built = buildPlatformDeliveries({ ...options, platform: options.platform }, ctx)
    if (!built.ok) {
      console.error(`pos: ${built.message}`)
      return 2
    }
    if (options.dry) {
      for (const delivery of built.deliveries) console.log(formatPlatformDryRun(delivery))
      return 0
    }
    results = await sendAll(built.deliveries, sendThroughFakePlatform, options.concurrency, print)
  } else {
    const built = buildRequests(options, ctx)
    if (!built.ok) {
      console.error(`pos: ${built.message}`)
      return 2
    }
    if (options.dry) {
      for (const request of built.requests) console.log(formatDryRun(request))
      return 0
    }
    results = await sendAll(built.requests, sendWithFetch, options.concurrency, print)
  }
  if (results.length > 1) console.log(summarise(results))
  return exitCodeFor(results)
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    console.error(`pos: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 2
  }
)
