import { readFileSync } from "node:fs"

import {
  buildRequests,
  exitCodeFor,
  formatDryRun,
  formatResult,
  parseArgs,
  sendAll,
  summarise,
  USAGE,
  type PosRequest,
  type PosResponse,
} from "./scenarios"

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
  const built = buildRequests(options, {
    now: new Date(),
    ...(options.file !== null ? { fileJson: readJson(options.file) } : {}),
  })
  if (!built.ok) {
    console.error(`pos: ${built.message}`)
    return 2
  }
  if (options.dry) {
    for (const request of built.requests) console.log(formatDryRun(request))
    return 0
  }
  const results = await sendAll(built.requests, sendWithFetch, options.concurrency, (result) =>
    console.log(formatResult(result))
  )
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
