import { startFakeSmaregiPlatform } from "./server"

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
      "usage: npm run fake-smaregi-platform -- [--port 9124] [--host 127.0.0.1] [--plan standard|premium-plus]\n" +
        "env: FAKE_SMAREGI_PLATFORM_PORT, SMAREGI_CONTRACT_ID, SMAREGI_CLIENT_ID, SMAREGI_CLIENT_SECRET"
    )
    return
  }
  const portText = argValue(args, "--port") ?? process.env.FAKE_SMAREGI_PLATFORM_PORT ?? "9124"
  const port = Number(portText)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`invalid port ${JSON.stringify(portText)}`)
  const host = argValue(args, "--host") ?? "127.0.0.1"
  const plan = argValue(args, "--plan") ?? "standard"
  if (!["standard", "premium-plus", "food-business", "retail-business"].includes(plan)) throw new RangeError(`invalid plan ${JSON.stringify(plan)}`)
  const contractId = process.env.SMAREGI_CONTRACT_ID || "sb_dev"
  const clientId = process.env.SMAREGI_CLIENT_ID || "dev-client"
  const clientSecret = process.env.SMAREGI_CLIENT_SECRET || "dev-secret"

  const fake = await startFakeSmaregiPlatform({
    port,
    host,
    contracts: [{ contractId, clientId, clientSecret, plan: plan as "standard" }],
  })
  console.log(`fake Smaregi Platform API listening on ${fake.url} (use it as both idUrl and apiUrl)`)
  console.log(`contract id: ${contractId}, client id: ${clientId}, client secret: ${clientSecret}, plan: ${plan}`)
  console.log(`control API: ${fake.url}/__fake/{requests,customers} (GET), ${fake.url}/__fake/{transactions,customers,fault,webhook,reset} (POST)`)

  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: stopping fake Smaregi Platform API`)
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
