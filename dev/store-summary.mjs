// The dev store's closing banner: where everything is, and the command that rings up a sale.

function adminRows(config, seeded, base) {
  return [
    ["Store API", base],
    ["Admin", process.env.MEDUSA_ADMIN_DISABLED === "true" ? "(disabled by MEDUSA_ADMIN_DISABLED)" : `${base}/app`],
    ["Admin login", `${config.adminEmail} / ${config.adminPassword}`],
    ["Publishable key", seeded.publishableKey],
  ]
}

function v2Banner(config, base) {
  const webhook = `${base}/hooks/smaregi/transactions`
  return {
    title: "Medusa dev store with medusa-plugin-smaregi is ready",
    rows: [
      ["Webhook URL", webhook],
      ["agreementId", config.agreementId],
      [config.startFake ? "Fake Smaregi" : "Smaregi API", config.apiUrl],
      ["Contract id", config.contractId],
      ["Access token", config.startFake ? config.accessToken : "(from SMAREGI_ACCESS_TOKEN)"],
    ],
    sale: ["Ring up a sale on the simulated register:", `npm run pos -- sale --url ${webhook} --agreement-id ${config.agreementId}`],
  }
}

function platformBanner(config, base) {
  const webhook = `${base}/hooks/smaregi/platform`
  const p = config.platform
  return {
    title: "Medusa dev store with medusa-plugin-smaregi is ready (Platform API)",
    rows: [
      ["Webhook URL", webhook],
      ["Webhook secret", `${p.webhookSecret} (header X-Smaregi-Webhook-Secret)`],
      [p.startFake ? "Fake Platform API" : "Platform API", p.apiUrl],
      ["Contract id", p.contractId],
      ["Client id", p.clientId],
    ],
    sale: [
      "Ring up a sale on the simulated register (the fake Platform API sends the webhook):",
      `npm run pos -- sale --api platform --url ${webhook} --platform-url ${p.apiUrl} --contract-id ${p.contractId} --secret ${p.webhookSecret}`,
    ],
  }
}

// SMAREGI_API=both: the v2 rows, then the Platform rows under labels of their own, and both sale commands.
function bothBanner(config, base) {
  const v2 = v2Banner(config, base)
  const platform = platformBanner(config, base)
  const label = (key) => (key.includes("Platform") ? key : `Platform ${key.charAt(0).toLowerCase()}${key.slice(1)}`)
  return {
    title: "Medusa dev store with medusa-plugin-smaregi is ready (v2 and Platform API)",
    rows: [...v2.rows, ...platform.rows.map(([key, value]) => [label(key), value])],
    sales: [v2.sale, platform.sale],
  }
}

const banners = { v2: v2Banner, platform: platformBanner, both: bothBanner }

export function printSummary(config, seeded, database) {
  const base = `http://localhost:${config.port}`
  const banner = banners[config.api](config, base)
  const rows = [...adminRows(config, seeded, base), ...banner.rows, ["Database", database]]
  const width = Math.max(...rows.map(([k]) => k.length))
  const bar = "=".repeat(78)
  console.log(`\n${bar}\n  ${banner.title}\n${bar}`)
  for (const [key, value] of rows) console.log(`  ${key.padEnd(width)}  ${value}`)
  for (const [intro, command] of banner.sales ?? [banner.sale]) console.log(`\n  ${intro}\n    ${command}`)
  console.log(`\n  Press Ctrl-C to stop everything.\n${bar}\n`)
}
