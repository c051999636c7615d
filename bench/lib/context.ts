import http from "node:http"
import pg from "pg"
import type { BenchEnv, MedusaProcess } from "./app"
import { json } from "./http"
import type { SaleMember } from "./sales"

export type DemoStore = {
  regionId: string
  salesChannelId: string
  webSalesChannelId: string
  stockLocationId: string
  publishableKey: string
  variants: Record<string, string>
}

export type Setup = {
  store: DemoStore
  connection_id: string
  members: Array<SaleMember & { customer_id: string }>
  admin_token: string
}

export type Figure = Record<string, unknown> & { figure: string; met: boolean | null }

export type BenchContext = {
  env: BenchEnv
  quick: boolean
  app: MedusaProcess
  setup: Setup
  agreementId: string
  db: pg.Pool
  /** keep-alive agent for setup calls (not for measured load) */
  agent: http.Agent
  /** transaction ids never repeat within a run */
  nextSaleId: (count: number) => number
  log: (message: string) => void
  post: <T>(path: string, body: unknown, headers?: Record<string, string>) => Promise<T>
}

export function makePost(agent: http.Agent, app: () => MedusaProcess) {
  return <T>(path: string, body: unknown, headers: Record<string, string> = {}) =>
    json<T>(agent, `${app().url}${path}`, { method: "POST", json: body, headers })
}

export async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs: number, everyMs = 200): Promise<number> {
  const start = Date.now()
  for (;;) {
    if (await probe()) return Date.now() - start
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

export async function count(db: pg.Pool, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.query(sql, params)
  return Number(rows[0]?.count ?? 0)
}
