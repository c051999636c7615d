// Process, HTTP and polling helpers of scripts/test-package.mjs.
import { spawn } from "node:child_process"
import fs from "node:fs"
import net from "node:net"

/** The environment without npm's `npm_*` variables, so a child npm does not act on this repository. */
export function cleanEnv(extra = {}) {
  const env = {}
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value
  return { ...env, ...extra }
}

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n")
  } catch {
    return "(no output)"
  }
}

/** Runs a command to completion, its output appended to `log`; rejects with the output's tail on failure. */
export function run(command, args, { cwd, env = cleanEnv(), log, timeoutMs = 15 * 60_000 }) {
  return new Promise((resolve, reject) => {
    fs.appendFileSync(log, `\n$ ${command} ${args.join(" ")}   (in ${cwd})\n`)
    const out = fs.openSync(log, "a")
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", out, out], detached: true })
    const timer = setTimeout(() => {
      killGroup(child, "SIGKILL")
      reject(new Error(`${command} ${args.join(" ")}: no end after ${timeoutMs / 1000} s\n${tail(log)}`))
    }, timeoutMs)
    child.on("error", (e) => {
      clearTimeout(timer)
      reject(new Error(`${command}: ${e.message}`))
    })
    child.on("exit", (code, signal) => {
      clearTimeout(timer)
      fs.closeSync(out)
      if (code === 0) resolve()
      else reject(new Error(`${command} ${args.join(" ")} exited ${code ?? signal}:\n${tail(log)}`))
    })
  })
}

const services = new Set()

/** Stops every service still running (on Ctrl-C). */
export async function stopAllServices() {
  await Promise.all([...services].map((child) => stopService(child)))
}

/** Starts a long-running process (its own process group), output to `log`. */
export function startService(command, args, { cwd, env = cleanEnv(), log }) {
  fs.appendFileSync(log, `\n$ ${command} ${args.join(" ")}   (in ${cwd})\n`)
  const out = fs.openSync(log, "a")
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", out, out], detached: true })
  child.exitCode_ = null
  services.add(child)
  child.on("exit", (code, signal) => {
    services.delete(child)
    child.exitCode_ = code ?? signal
    fs.closeSync(out)
  })
  child.on("error", () => {})
  child.logFile = log
  return child
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

export async function stopService(child) {
  if (!child || child.exitCode_ !== null) return
  const exited = new Promise((resolve) => child.once("exit", resolve))
  killGroup(child, "SIGTERM")
  const timer = setTimeout(() => killGroup(child, "SIGKILL"), 10_000)
  await exited
  clearTimeout(timer)
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** Polls `probe` until it returns a truthy value; rejects naming `what` after `timeoutMs`. */
export async function until(what, probe, { timeoutMs = 120_000, intervalMs = 1000, service } = {}) {
  const deadline = Date.now() + timeoutMs
  let last
  for (;;) {
    if (service && service.exitCode_ !== null) {
      throw new Error(`${what}: the server exited (${service.exitCode_}):\n${tail(service.logFile)}`)
    }
    try {
      const value = await probe()
      if (value) return value
    } catch (e) {
      last = e
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not reached within ${timeoutMs / 1000} s${last ? ` (last error: ${last.message})` : ""}`)
    }
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

/** fetch + JSON; throws naming the request when the status is not the expected one. */
export async function http(method, url, { token, body, headers = {}, expect = [200] } = {}) {
  const res = await fetch(url, {
    method,
    headers: {
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  })
  const text = await res.text()
  let json = null
  try {
    json = JSON.parse(text)
  } catch {
    // not JSON
  }
  if (!expect.includes(res.status)) throw new Error(`${method} ${url} answered ${res.status}: ${text.slice(0, 500)}`)
  return { status: res.status, json, text, headers: res.headers }
}
