// POST /access/: rate limit and injected faults first, then authentication, the form and the procedure.
import type http from "node:http"
import { isRecord } from "./cells"
import { customerUpd } from "./customer-upd"
import { fail } from "./errors"
import type { FaultState } from "./faults"
import { findHeader, readBody } from "./http"
import { reference } from "./reference"
import type { Answer, ContractData, FakeContract, FakeRequest } from "./types"

const UPDATE_PROCS = ["customer_upd", "point_upd", "transaction_upd", "stock_upd", "product_upd", "category_upd"]
const REFERENCE_PROCS = ["customer_ref", "transaction_ref", "store_ref", "product_ref", "stock_ref", "staff_ref"]
const IMPLEMENTED = new Set(["customer_upd", "customer_ref", "transaction_ref"])

export type AccessContext = {
  contracts: FakeContract[]
  faults: FaultState
  wait: (ms: number) => Promise<void>
  dataOf: (contractId: string) => ContractData
}

function authenticate(contracts: FakeContract[], rawHeaders: string[]): string {
  const contractId = findHeader(rawHeaders, "x_contract_id")
  const contract = contracts.find((c) => c.contractId === contractId)
  if (!contract) {
    fail(14, contractId === undefined ? "X_contract_id header is missing (header names use underscores)" : "unknown contract id")
  }
  const token = findHeader(rawHeaders, "x_access_token")
  if (token !== contract.accessToken) {
    fail(13, token === undefined ? "X_access_token header is missing (header names use underscores)" : "access token does not match")
  }
  return contract.contractId
}

export async function handleAccess(req: http.IncomingMessage, entry: FakeRequest, ctx: AccessContext): Promise<Answer | "drop"> {
  const { faults } = ctx
  const perSecond = faults.recordArrival()
  if (faults.latencyMs > 0) await ctx.wait(faults.latencyMs)
  if (faults.rateLimitPerSecond !== null && perSecond > faults.rateLimitPerSecond) {
    faults.rateLimitViolations++
    return { status: 429, body: { error: "Too Many Requests" }, headers: { "Retry-After": String(faults.retryAfterSeconds) } }
  }
  // The body is read first so a fault can pick its procedure.
  const text = await readBody(req)
  const form = new URLSearchParams(text)
  const procName = form.get("proc_name")
  entry.procName = procName
  const shot = faults.takeOneShot(procName)
  if (shot?.kind === "drop") return "drop"
  if (shot?.kind === "stall") await ctx.wait(shot.spec.stallMs ?? 0)
  const injected = faults.injectedAnswer(shot)
  if (injected) return injected

  if (req.method !== "POST") fail(11, `method ${req.method} is not allowed; use POST`)
  const contractId = authenticate(ctx.contracts, req.rawHeaders)
  const contentType = req.headers["content-type"] ?? ""
  if (!contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    fail(11, `Content-Type must be application/x-www-form-urlencoded (got ${JSON.stringify(contentType)})`)
  }
  const paramsText = form.get("params")
  if (!procName) fail(11, "proc_name is missing")
  if (paramsText === null) fail(11, "params is missing")
  let params: unknown
  try {
    params = JSON.parse(paramsText)
  } catch (e) {
    entry.params = paramsText
    fail(11, `params is not valid JSON: ${(e as Error).message}`)
  }
  entry.params = params
  if (!isRecord(params)) fail(11, "params must be a JSON object")
  if (!UPDATE_PROCS.includes(procName) && !REFERENCE_PROCS.includes(procName)) fail(15, `unknown proc_name ${procName}`)
  if (!IMPLEMENTED.has(procName) || faults.disabledProcedures.has(procName)) fail(23, `${procName} is not enabled`)
  if (procName === "customer_upd") return customerUpd(ctx.dataOf(contractId).members, params)
  return reference(procName, ctx.dataOf(contractId), params)
}
