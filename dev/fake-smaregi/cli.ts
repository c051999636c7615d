import fs from "node:fs"
import { startFakeSmaregi } from "./server"

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name)
  if (i >= 0) return args[i + 1]
  const inline = args.find((a) => a.startsWith(`${name}=`))
  return inline?.slice(name.length + 1)
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  if (args.includes("--help") || args.includes("-h")) {
    console.log(
      "usage: npm run fake-smaregi -- [--port 9123] [--host 127.0.0.1] [--tls-key key.pem --tls-cert cert.pem]\n" +
        "env: FAKE_SMAREGI_PORT, SMAREGI_CONTRACT_ID, SMAREGI_ACCESS_TOKEN"
    )
    return
  }
  const portText = argValue(args, "--port") ?? process.env.FAKE_SMAREGI_PORT ?? "9123"
  const port = Number(portText)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`invalid port ${JSON.stringify(portText)}`)
  const host = argValue(args, "--host") ?? "127.0.0.1"
  const contractId = process.env.SMAREGI_CONTRACT_ID || "dev-contract"
  const accessToken = process.env.SMAREGI_ACCESS_TOKEN || "dev-token"

  const tlsKey = argValue(args, "--tls-key")
  const tlsCert = argValue(args, "--tls-cert")
  if (Boolean(tlsKey) !== Boolean(tlsCert)) throw new Error("--tls-key and --tls-cert go together")
  const tls = tlsKey && tlsCert ? { key: fs.readFileSync(tlsKey), cert: fs.readFileSync(tlsCert) } : undefined

  const fake = await startFakeSmaregi({ port, host, contracts: [{ contractId, accessToken }], tls })
  const control = fake.url.replace(/\/access\/$/, "/__fake/")
  console.log(`fake Smaregi listening on ${fake.url}`)
  console.log(`contract id: ${contractId}`)
  console.log(`access token: ${accessToken}`)
  console.log(`control API: ${control}{members,requests,stats} (GET), ${control}{transactions,fault,reset} (POST)`)

  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: stopping fake Smaregi`)
    fake.stop().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }
  process.on("SIGINT", () => stop("SIGINT"))
  process.on("SIGTERM", () => stop("SIGTERM"))
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
