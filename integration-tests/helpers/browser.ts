import fs from "node:fs"
import path from "node:path"
import { type Browser, chromium } from "playwright-core"
import { reportSkipped } from "./skipped"

const CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/snap/bin/chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
]
export const CHROMIUM = process.env.CHROMIUM_PATH || CANDIDATES.find((p) => fs.existsSync(p)) || "/usr/bin/chromium"
const INSTALL_HINT =
  `install Chromium ("apt-get install chromium" on Debian/Ubuntu, "brew install --cask chromium" on macOS) or set CHROMIUM_PATH`
/** Why the browser suites are skipped on this machine, or null when they run (under CI=true they always run). */
export const BROWSER_SKIPPED: string | null =
  fs.existsSync(CHROMIUM) || process.env.CI === "true" ? null : `skipped: no Chromium or Chrome found — ${INSTALL_HINT}`

export function skipBrowserSuite(title: string): void {
  reportSkipped(title, BROWSER_SKIPPED ?? "")
}
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
    throw new Error(`Chromium not found at ${CHROMIUM}. This test drives a real browser: ${INSTALL_HINT}.`)
  }
}

export function launchChromium(): Promise<Browser> {
  assertChromiumInstalled()
  fs.mkdirSync(SCREENSHOTS, { recursive: true })
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
}
