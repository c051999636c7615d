// Shared by the fake v2 server's specs: a raw HTTP client and request builders.
import http from "node:http"
import type { FakeSmaregi } from "../server"

export const CONTRACT = { contractId: "dev-contract", accessToken: "dev-token" }
export const AUTH: Array<[string, string]> = [
  ["X_contract_id", CONTRACT.contractId],
  ["X_access_token", CONTRACT.accessToken],
]
export const FORM: Array<[string, string]> = [["Content-Type", "application/x-www-form-urlencoded; charset=UTF-8"]]

export type Reply = { status: number; body: unknown; headers: http.IncomingHttpHeaders }

export function send(url: string, options: { method?: string; headers?: Array<[string, string]>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const target = new URL(url)
    const headers = Object.fromEntries(options.headers ?? [])
    const req = http.request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: options.method ?? "POST", headers },
      (res) => {
        const chunks: Buffer[] = []
        res.on("data", (c: Buffer) => chunks.push(c))
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8")
          let body: unknown = text
          try {
            body = JSON.parse(text)
          } catch {
            // non-JSON bodies are returned as text
          }
          resolve({ status: res.statusCode ?? 0, body, headers: res.headers })
        })
      }
    )
    req.on("error", reject)
    if (options.body !== undefined) req.write(options.body)
    req.end()
  })
}

export const form = (procName: string, params: unknown): string =>
  new URLSearchParams({ proc_name: procName, params: typeof params === "string" ? params : JSON.stringify(params) }).toString()

export const upd = (rows: unknown[], division = "U", tableName = "Customer") => ({
  proc_info: { proc_division: division },
  data: [{ table_name: tableName, rows }],
})

/** A U row with every field customer_upd requires. */
export const member = (id: string, extra: Record<string, unknown> = {}) => ({
  customerId: id,
  customerCode: `M${id.padStart(3, "0")}`,
  lastName: "山田",
  firstName: "花子",
  sex: "0",
  ...extra,
})

export const callFake = (fake: FakeSmaregi, procName: string, params: unknown): Promise<Reply> =>
  send(fake.url, { headers: [...FORM, ...AUTH], body: form(procName, params) })
export const controlFake = (fake: FakeSmaregi, path: string, method = "GET", body?: unknown): Promise<Reply> =>
  send(fake.url.replace("/access/", `/__fake/${path}`), {
    method,
    headers: [["Content-Type", "application/json"]],
    body: body === undefined ? undefined : JSON.stringify(body),
  })
