import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { IEventBusModuleService, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { SmaregiEvents } from "../../../../events"
import { SMAREGI_MODULE } from "../../../../modules/smaregi"
import type SmaregiModuleService from "../../../../modules/smaregi/service"
import { clientIp, ipAllowed } from "../../../../smaregi/ip-allowlist"
import { parsePlatformWebhook } from "../../../../smaregi/platform/webhook"
import { readRawBody } from "../transactions/read-body"

const UNAUTHENTICATED = new Set(["missing_secret", "bad_secret"])

/**
 * The Platform API webhook (ids only, no signature): find the connection by contract id, check the shared secret
 * header and the optional allow-list, store the event once per Smaregi-Event-Id and answer 200; the ids are
 * re-read through the transport from the `smaregi.platform_event.received` event.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const logger: Logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
  const smaregi: SmaregiModuleService = req.scope.resolve(SMAREGI_MODULE)

  const maxBytes = smaregi.getWebhookMaxBytes()
  const raw = await readRawBody(req, maxBytes)
  if (raw.kind === "aborted") return undefined
  if (raw.kind === "too_large") {
    return res.status(413).json({ error: "payload_too_large", message: `request body is larger than the limit of ${maxBytes} bytes` })
  }
  const text = raw.buffer.toString("utf8")

  const contractId = headerValue(req, "smaregi-contract-id") ?? bodyContractId(text)
  if (!contractId) {
    return res.status(400).json({ error: "missing_contract_id", message: "the Smaregi-Contract-Id header (or the body's contractId) is missing" })
  }
  const target = await smaregi.findPlatformWebhookTarget(contractId)
  if (!target || !target.enabled) {
    logger.warn(`smaregi platform webhook: rejected contract=${contractId} reason=${target ? "connection disabled" : "no connection"}`)
    return res.status(404).json({
      error: "unknown_contract",
      message: `no enabled Platform API connection has contract id ${contractId} (Settings › Smaregi)`,
    })
  }
  if (!target.webhookSecret) {
    return res.status(401).json({ error: "no_webhook_secret", message: "the connection has no webhook secret set; set one in Settings › Smaregi and in the app's webhook header" })
  }

  const sourceIp = clientIp({ remoteAddress: req.socket.remoteAddress, forwardedFor: req.headers["x-forwarded-for"] }, target.settings.trustedProxies)
  const allowList = target.settings.allowedSources
  if (allowList.length && !target.settings.allowAnySource && !ipAllowed(sourceIp, allowList)) {
    logger.warn(`smaregi platform webhook: rejected source=${sourceIp ?? "unknown"} connection=${target.id} reason=not in allowedSources`)
    return res.status(403).json({ error: "forbidden", message: "source address not accepted" })
  }

  const parsed = parsePlatformWebhook({
    headers: req.headers,
    body: text,
    secret: target.webhookSecret,
    secretHeader: target.settings.platform.webhookSecretHeader,
    contractId,
  })
  if (!parsed.ok) {
    const status = UNAUTHENTICATED.has(parsed.error.code) ? 401 : 400
    logger.warn(`smaregi platform webhook: rejected connection=${target.id} code=${parsed.error.code}: ${parsed.error.message}`)
    return res.status(status).json({ error: parsed.error.code, message: parsed.error.message })
  }
  const { eventId, event, action, ids } = parsed.value

  let stored: { id: string; duplicate: boolean }
  try {
    stored = await smaregi.platformEvents().record({ connectionId: target.id, eventId, event, action, ids, sourceIp })
  } catch (error) {
    logger.error(`smaregi platform webhook: could not store event ${eventId ?? "(no id)"} connection=${target.id}`, asError(error))
    return res.status(500).json({ error: "store_failed", message: "the webhook could not be stored" })
  }
  res.status(200).json({ ok: true, id: stored.id, duplicate: stored.duplicate })
  if (stored.duplicate) return undefined

  try {
    const eventBus: IEventBusModuleService = req.scope.resolve(Modules.EVENT_BUS)
    await eventBus.emit({ name: SmaregiEvents.PLATFORM_EVENT_RECEIVED, data: { id: stored.id, connection_id: target.id } })
  } catch (error) {
    // The row stays `received`; the pending platform events job picks it up.
    logger.error(`smaregi platform webhook: stored but could not emit ${SmaregiEvents.PLATFORM_EVENT_RECEIVED} event=${stored.id}`, asError(error))
  }
  return undefined
}

function headerValue(req: MedusaRequest, name: string): string | null {
  const value = req.headers[name]
  const first = Array.isArray(value) ? value[0] : value
  return first?.trim() || null
}

function bodyContractId(text: string): string | null {
  try {
    const body = JSON.parse(text)
    return typeof body?.contractId === "string" && body.contractId.trim() ? body.contractId.trim() : null
  } catch {
    return null
  }
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e))
}
