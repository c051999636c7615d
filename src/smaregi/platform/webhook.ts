// The Platform API webhook (smaregi-platform.md "Webhooks"): IDs only, no signature; a custom header set in the
// Developers portal carries a shared secret. Every action is treated as "refetch these ids".
import { timingSafeEqual } from "node:crypto"

export const DEFAULT_WEBHOOK_SECRET_HEADER = "X-Smaregi-Webhook-Secret"
export const PLATFORM_WEBHOOK_EVENTS = ["pos:transactions", "pos:customers"] as const
export type PlatformWebhookEvent = (typeof PLATFORM_WEBHOOK_EVENTS)[number]

export type PlatformWebhook = {
  contractId: string
  /** Smaregi-Event-Id (a UUID): null when the header is absent. */
  eventId: string | null
  event: PlatformWebhookEvent
  action: string
  /** transactionHeadIds or customerIds, deduplicated, in arrival order. */
  ids: string[]
}

export type PlatformWebhookErrorCode =
  | "missing_secret"
  | "bad_secret"
  | "invalid_json"
  | "invalid_body"
  | "missing_contract_id"
  | "contract_mismatch"
  | "unexpected_contract"
  | "missing_event"
  | "event_mismatch"
  | "unsupported_event"
  | "missing_action"
  | "missing_ids"
  | "invalid_id"

export type PlatformWebhookError = { code: PlatformWebhookErrorCode; message: string }

export type PlatformWebhookResult = { ok: true; value: PlatformWebhook } | { ok: false; error: PlatformWebhookError }

export type PlatformWebhookInput = {
  /** Header names in any case; Node's lower-cased `req.headers` works as is. */
  headers: Record<string, string | string[] | undefined>
  /** The raw text or an already parsed JSON object. */
  body: string | Record<string, unknown> | null | undefined
  /** When set, the header must carry exactly this value. */
  secret?: string | null
  secretHeader?: string
  /** When set, the body's contractId must be this one. */
  contractId?: string | null
}

const ID_FIELDS: Record<PlatformWebhookEvent, "transactionHeadIds" | "customerIds"> = {
  "pos:transactions": "transactionHeadIds",
  "pos:customers": "customerIds",
}

function header(headers: PlatformWebhookInput["headers"], name: string): string | null {
  const wanted = name.toLowerCase()
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue
    const first = Array.isArray(value) ? value[0] : value
    return typeof first === "string" && first.trim() !== "" ? first.trim() : null
  }
  return null
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, "utf8")
  const b = Buffer.from(expected, "utf8")
  return a.length === b.length && timingSafeEqual(a, b)
}

function error(code: PlatformWebhookErrorCode, message: string): { ok: false; error: PlatformWebhookError } {
  return { ok: false, error: { code, message } }
}

/** Checks the shared secret, then reads `{contractId, event, action, transactionHeadIds|customerIds}`. */
export function parsePlatformWebhook(input: PlatformWebhookInput): PlatformWebhookResult {
  const secretHeader = input.secretHeader?.trim() || DEFAULT_WEBHOOK_SECRET_HEADER
  if (input.secret) {
    const given = header(input.headers, secretHeader)
    if (given === null) return error("missing_secret", `the ${secretHeader} header is missing`)
    if (!sameSecret(given, input.secret)) return error("bad_secret", `the ${secretHeader} header does not match the shared secret`)
  }

  let body: unknown = input.body
  if (typeof body === "string") {
    try {
      body = JSON.parse(body)
    } catch (e) {
      return error("invalid_json", `the body is not valid JSON: ${(e as Error).message}`)
    }
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return error("invalid_body", "the body must be a JSON object with contractId, event, action and the ids")
  }
  const fields = body as Record<string, unknown>

  const contractId = typeof fields.contractId === "string" ? fields.contractId.trim() : ""
  if (contractId === "") return error("missing_contract_id", "contractId is missing from the body")
  const headerContract = header(input.headers, "Smaregi-Contract-Id")
  if (headerContract !== null && headerContract !== contractId) {
    return error("contract_mismatch", `the Smaregi-Contract-Id header (${headerContract}) differs from the body's contractId (${contractId})`)
  }
  if (input.contractId && input.contractId !== contractId) {
    return error("unexpected_contract", `contractId ${contractId} is not this connection's contract (${input.contractId})`)
  }

  const event = typeof fields.event === "string" ? fields.event.trim() : ""
  if (event === "") return error("missing_event", "event is missing from the body")
  const headerEvent = header(input.headers, "Smaregi-Event")
  if (headerEvent !== null && headerEvent !== event) {
    return error("event_mismatch", `the Smaregi-Event header (${headerEvent}) differs from the body's event (${event})`)
  }
  if (!(PLATFORM_WEBHOOK_EVENTS as readonly string[]).includes(event)) {
    return error("unsupported_event", `event ${JSON.stringify(event)} is not handled (only ${PLATFORM_WEBHOOK_EVENTS.join(", ")})`)
  }
  const known = event as PlatformWebhookEvent

  const action = typeof fields.action === "string" ? fields.action.trim() : ""
  if (action === "") return error("missing_action", "action is missing from the body")

  const idField = ID_FIELDS[known]
  const rawIds = fields[idField]
  if (!Array.isArray(rawIds) || rawIds.length === 0) {
    return error("missing_ids", `${idField} must be a non-empty array for ${known}`)
  }
  const ids: string[] = []
  for (const [i, raw] of rawIds.entries()) {
    const id = typeof raw === "number" && Number.isSafeInteger(raw) ? String(raw) : typeof raw === "string" ? raw.trim() : ""
    if (!/^\d+$/.test(id)) return error("invalid_id", `${idField}[${i}] must be digits, got ${JSON.stringify(raw)}`)
    if (!ids.includes(id)) ids.push(id)
  }

  return { ok: true, value: { contractId, eventId: header(input.headers, "Smaregi-Event-Id"), event: known, action, ids } }
}
