import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { IEventBusModuleService, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { SmaregiEvents } from "../../../../events"
import { SMAREGI_MODULE } from "../../../../modules/smaregi"
import type { InboxDelivery } from "../../../../modules/smaregi/inbox"
import type SmaregiModuleService from "../../../../modules/smaregi/service"
import type { PublicConnection } from "../../../../modules/smaregi/types"
import { clientIp, ipAllowed } from "../../../../smaregi/ip-allowlist"
import { smaregiAckBody } from "../../../../smaregi/push-ack"
import { parseTransactionPush } from "../../../../smaregi/push-parser"
import { decodeBody, pushParameters, redactBody, redactQuery } from "../../../../smaregi/webhook-request"
import { readRawBody } from "./read-body"

const FORBIDDEN_MESSAGE = "agreementId or source address not accepted"

/**
 * Smaregi 取引情報送信 (API送信設定): authenticate, store the raw request and one inbox row per head,
 * answer like Smaregi does; the import runs from the `smaregi.transaction.received` event.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const logger: Logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
  const smaregi: SmaregiModuleService = req.scope.resolve(SMAREGI_MODULE)

  // A source no enabled connection allows is refused before its body is read (no parsing, no secret lookup).
  const forwardedFor = req.headers["x-forwarded-for"]
  const gate = await smaregi.webhookSourceGate()
  const gateIp = clientIp({ remoteAddress: req.socket.remoteAddress, forwardedFor }, gate.trustedProxies)
  if (!gate.allowAnySource && !ipAllowed(gateIp, gate.allowedSources)) {
    req.resume()
    logger.warn(`smaregi webhook: rejected source=${gateIp ?? "unknown"} reason=not in any enabled connection's allowedSources`)
    return res.status(403).json({ error: "forbidden", message: FORBIDDEN_MESSAGE })
  }

  const encoding = String(req.headers["content-encoding"] ?? "identity").toLowerCase()
  if (encoding !== "identity") {
    req.resume()
    return res.status(415).json({ error: "unsupported_encoding", message: `Content-Encoding ${encoding} is not supported; send the body uncompressed` })
  }

  const maxBytes = smaregi.getWebhookMaxBytes()
  const raw = await readRawBody(req, maxBytes)
  if (raw.kind === "aborted") return
  if (raw.kind === "too_large") {
    logger.warn(`smaregi webhook: rejected oversized body bytes=${raw.size} limit=${maxBytes} source=${gateIp}`)
    return res.status(413).json({
      error: "payload_too_large",
      message: `request body is larger than the limit of ${maxBytes} bytes (module option webhookMaxBytes or SMAREGI_WEBHOOK_MAX_BYTES)`,
    })
  }

  const contentType = req.headers["content-type"] ?? null
  const text = decodeBody(raw.buffer, contentType)
  const query = req.query as Record<string, unknown>
  const { agreementId, procName } = pushParameters(text, query)

  const connection = await smaregi.findConnectionByAgreementSecret(agreementId)
  if (!connection) {
    logger.warn(
      `smaregi webhook: rejected agreementId=${agreementId ? "unknown" : "missing"} source=${gateIp} x-forwarded-for=${forwardedFor ?? "-"}`
    )
    return res.status(403).json({ error: "forbidden", message: FORBIDDEN_MESSAGE })
  }
  const sourceIp = clientIp({ remoteAddress: req.socket.remoteAddress, forwardedFor }, connection.settings.trustedProxies)
  if (!sourceAllowed(connection, sourceIp)) {
    logger.warn(
      `smaregi webhook: rejected source=${sourceIp ?? "unknown"} connection=${connection.id} reason=${
        connection.settings.allowedSources.length ? "not in allowedSources" : "allowedSources is empty"
      } trustedProxies=${connection.settings.trustedProxies.join(",") || "none"}`
    )
    return res.status(403).json({ error: "forbidden", message: FORBIDDEN_MESSAGE })
  }

  const request = {
    sourceIp,
    contentType,
    procName,
    query: redactQuery(query, agreementId),
    body: redactBody(text, agreementId),
    bodySize: raw.buffer.length,
  }
  const parsed = parsePush(text, query)
  if (!parsed.ok) {
    const { code, message } = parsed.error
    try {
      const requestId = await smaregi.recordSmaregiRequest({
        ...request,
        connectionId: connection.id,
        outcome: "malformed",
        httpStatus: 400,
        errorCode: code,
        errorMessage: message,
      })
      logger.warn(`smaregi webhook: malformed push connection=${connection.id} request=${requestId} code=${code}: ${message}`)
    } catch (e) {
      return storeFailed(res, logger, connection.id, e)
    }
    return res.status(400).json({ error: code, message })
  }

  let deliveries: InboxDelivery[]
  let requestId: string
  try {
    ;({ requestId, deliveries } = await smaregi.recordSmaregiPush({
      request: { ...request, paramsForm: parsed.value.paramsForm, httpStatus: 200 },
      connectionId: connection.id,
      transactions: parsed.value.transactions,
    }))
  } catch (e) {
    return storeFailed(res, logger, connection.id, e)
  }
  // Every accepted request is in smaregi_request (admin › Smaregi › Requests); a log line per push would cost more than the rest.
  if (shouldLog(logger, "debug")) {
    logger.debug(
      `smaregi webhook: stored connection=${connection.id} request=${requestId} heads=${deliveries
        .map((d) => `${d.transactionHeadId}:${d.transactionId}:${d.kind}`)
        .join(",")}`
    )
  }

  // The rows are stored, so Smaregi gets its answer first; a row whose event is lost stays `received`
  // and is picked up by the pending-transactions job.
  res.status(200).json(smaregiAckBody(deliveries.length))
  return emitReceived(req, logger, deliveries, requestId)
}

async function emitReceived(req: MedusaRequest, logger: Logger, deliveries: InboxDelivery[], requestId: string): Promise<void> {
  try {
    const eventBus: IEventBusModuleService = req.scope.resolve(Modules.EVENT_BUS)
    await eventBus.emit(
      deliveries.map((d) => ({
        name: SmaregiEvents.TRANSACTION_RECEIVED,
        data: { id: d.transactionId, connection_id: d.connectionId, upd_date_time: d.updDateTime },
      }))
    )
  } catch (e) {
    logger.error(`smaregi webhook: stored but could not emit ${SmaregiEvents.TRANSACTION_RECEIVED} request=${requestId}`, asError(e))
  }
}

// A parser exception (e.g. a stack overflow on extreme nesting) must still end as a stored 400, never an unstored 500.
function parsePush(
  text: string,
  query: Record<string, unknown>
): ReturnType<typeof parseTransactionPush> | { ok: false; error: { code: "unparseable"; message: string } } {
  try {
    return parseTransactionPush(text, query)
  } catch (e) {
    return { ok: false, error: { code: "unparseable", message: `params could not be parsed: ${asError(e).message}` } }
  }
}

function sourceAllowed(connection: PublicConnection, ip: string | null): boolean {
  return connection.settings.allowAnySource || ipAllowed(ip, connection.settings.allowedSources)
}

function storeFailed(res: MedusaResponse, logger: Logger, connectionId: string, error: unknown) {
  logger.error(`smaregi webhook: could not store the push connection=${connectionId}`, asError(error))
  return res.status(500).json({ error: "store_failed", message: "the push could not be stored; resend it from Smaregi (API送信履歴)" })
}

function shouldLog(logger: Logger, level: string): boolean {
  const check = (logger as Logger & { shouldLog?: (level: string) => boolean }).shouldLog
  return typeof check === "function" ? check.call(logger, level) : true
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e))
}
