import fs from "node:fs"
import path from "node:path"
import { type Browser, chromium } from "playwright-core"

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium"
export const SCREENSHOTS = path.resolve(__dirname, "../..", ".artifacts", "screenshots")

// Debian's chromium as root on a closed network: no sandbox, no background connections.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
]

/** Fails (never skips) with how to install Chromium when it is missing. */
export function assertChromiumInstalled(): void {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. This test drives a real browser: install it with ` +
        `"apt-get update && apt-get install -y chromium" (Debian/Ubuntu) or set CHROMIUM_PATH.`
    )
  }
}

export function launchChromium(): Promise<Browser> {
  assertChromiumInstalled()
  fs.mkdirSync(SCREENSHOTS, { recursive: true })
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
}
