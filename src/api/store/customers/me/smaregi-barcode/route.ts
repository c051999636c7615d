import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SMAREGI_MODULE } from "../../../../../modules/smaregi"
import type { MemberCard } from "../../../../../modules/smaregi/repositories"
import type SmaregiModuleService from "../../../../../modules/smaregi/service"
import {
  BarcodeInputError,
  type BarcodeOptions,
  BarcodeRenderCache,
  assertEncodable,
  barcodeEtag,
  etagMatches,
  resolveBarcodeOptions,
} from "../../../../../smaregi/barcode"
import { WindowCounter } from "../../../../../smaregi/request-window"
import type { StoreGetSmaregiBarcodeType } from "./validators"

const MAX_AGE_SECONDS = 300
// A member's card is requested again and again with the same options; its image never changes.
const renders = new BarcodeRenderCache()
const hits = new WindowCounter(60_000)

// A code is only shown once Smaregi knows it, so the register can find the member when scanned; a pending link is
// not the customer's card until an admin approves it.
function scannableCode(members: MemberCard[]): string | null {
  const member = members.find(
    (m) =>
      !!m.customer_code &&
      !["withdrawn", "deleted", "link_pending"].includes(m.status) &&
      (m.status === "synced" || !!m.last_synced_at || m.linked_existing === true)
  )
  return member?.customer_code ?? null
}

export async function GET(req: AuthenticatedMedusaRequest<unknown, StoreGetSmaregiBarcodeType>, res: MedusaResponse) {
  const query = req.validatedQuery
  const smaregi = req.scope.resolve<SmaregiModuleService>(SMAREGI_MODULE)
  const limit = smaregi.getBarcodeRateLimit()
  if (limit > 0) {
    const verdict = hits.hit(req.auth_context.actor_id, limit)
    if (!verdict.allowed) {
      res.setHeader("Retry-After", String(verdict.retryAfterSeconds))
      res.status(429).json({
        type: "too_many_requests",
        code: "rate_limited",
        message: `Too many barcode requests: at most ${limit} a minute per customer. Retry in ${verdict.retryAfterSeconds} s.`,
      })
      return
    }
  }
  const members = await smaregi.records().members.cardsOf(req.auth_context.actor_id)
  const code = scannableCode(members)
  if (!code) {
    res.status(404).json({
      type: "not_found",
      code: "member_code_missing",
      message:
        "Your membership card is not ready yet: your profile has not been synced to the store's register (save your profile to retry).",
    })
    return
  }

  const options: BarcodeOptions = { type: query.type, scale: query.scale, height: query.height, text: query.text }
  const resolved = resolveBarcodeOptions(options)
  try {
    assertEncodable(code, resolved.type)
  } catch (e) {
    if (!(e instanceof BarcodeInputError)) throw e
    res.status(400).json({ type: "invalid_data", code: e.reason, parameter: e.parameter, message: e.message })
    return
  }

  const representation = query.format === "json" ? `json:${query.image}` : query.format
  const etag = barcodeEtag(code, representation, resolved)
  res.setHeader("ETag", etag)
  res.setHeader("Cache-Control", `private, max-age=${MAX_AGE_SECONDS}`)
  res.vary("Authorization")
  res.vary("Cookie")
  if (etagMatches(req.get("if-none-match"), etag)) {
    res.status(304).end()
    return
  }

  if (query.format === "json") {
    const image = await renders.render(code, query.image, resolved)
    res.json(
      query.image === "png"
        ? { code, type: resolved.type, png_base64: (image.body as Buffer).toString("base64") }
        : { code, type: resolved.type, svg: image.body as string }
    )
    return
  }
  const image = await renders.render(code, query.format, resolved)
  res.setHeader("Content-Type", image.contentType)
  res.setHeader("X-Content-Type-Options", "nosniff")
  if (query.format === "svg") res.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
  res.status(200).send(image.body)
}
