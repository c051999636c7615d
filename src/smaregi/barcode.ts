import { createHash } from "node:crypto"
import bwipjs from "bwip-js"
import { eanCheckDigit as ean13CheckDigit, isValidEan13 } from "./ean13"

export const BARCODE_TYPES = ["code128", "qr", "ean13"] as const
export type BarcodeType = (typeof BARCODE_TYPES)[number]

export const BARCODE_IMAGE_FORMATS = ["svg", "png"] as const
export type BarcodeImageFormat = (typeof BARCODE_IMAGE_FORMATS)[number]

/** Accepted ranges: `scale` is pixels per module unit, `height` the bar height in millimetres (linear symbols, rounded to whole millimetres). */
export const BARCODE_LIMITS = {
  scale: { min: 1, max: 8 },
  height: { min: 5, max: 40 },
  codeLength: { code128: 48, qr: 256 },
} as const

export const BARCODE_DEFAULTS = { type: "code128", scale: 3, height: 15, text: true } as const

/** Quiet zone on every side, in modules: at least 10 (readers fail without one); EAN-13 needs 11 on the left. */
export const QUIET_ZONE_MODULES: Record<BarcodeType, number> = { code128: 10, qr: 10, ean13: 11 }

/** bwip-js draws a QR module as 2 units and a linear module as 1 unit (before `scale`). */
export const MODULE_UNITS: Record<BarcodeType, number> = { code128: 1, qr: 2, ean13: 1 }

const BWIP_IDS: Record<BarcodeType, string> = { code128: "code128", qr: "qrcode", ean13: "ean13" }

// Bump when the rendering options below change, so cached images are revalidated.
const RENDERING_REVISION = 1
export const RENDERER_VERSION = `bwip-js ${bwipjs.BWIPJS_VERSION}; bwipp ${bwipjs.BWIPP_VERSION}; r${RENDERING_REVISION}`

export type BarcodeOptions = {
  type?: BarcodeType
  scale?: number
  height?: number
  text?: boolean
}
export type ResolvedBarcodeOptions = Required<BarcodeOptions>

export type BarcodeErrorReason =
  | "code_empty"
  | "code_too_long"
  | "code128_unsupported_character"
  | "ean13_not_13_digits"
  | "ean13_check_digit"
  | "type_unknown"
  | "scale_out_of_range"
  | "height_out_of_range"

export class BarcodeInputError extends Error {
  readonly reason: BarcodeErrorReason
  readonly parameter: "code" | "type" | "scale" | "height"

  constructor(reason: BarcodeErrorReason, parameter: BarcodeInputError["parameter"], message: string) {
    super(message)
    this.name = "BarcodeInputError"
    this.reason = reason
    this.parameter = parameter
  }
}

export function resolveBarcodeOptions(options: BarcodeOptions = {}): ResolvedBarcodeOptions {
  const type = options.type ?? BARCODE_DEFAULTS.type
  if (!(BARCODE_TYPES as readonly string[]).includes(type)) {
    throw new BarcodeInputError("type_unknown", "type", `type must be one of ${BARCODE_TYPES.join(", ")}`)
  }
  const scale = options.scale ?? BARCODE_DEFAULTS.scale
  const { min: smin, max: smax } = BARCODE_LIMITS.scale
  if (!Number.isInteger(scale) || scale < smin || scale > smax) {
    throw new BarcodeInputError("scale_out_of_range", "scale", `scale must be a whole number from ${smin} to ${smax}`)
  }
  const height = options.height ?? BARCODE_DEFAULTS.height
  const { min: hmin, max: hmax } = BARCODE_LIMITS.height
  if (!Number.isFinite(height) || height < hmin || height > hmax) {
    throw new BarcodeInputError("height_out_of_range", "height", `height must be from ${hmin} to ${hmax} (millimetres)`)
  }
  // Whole millimetres: a fraction more or less would only be a new cache entry (and a new render) for the same image.
  return { type, scale, height: Math.round(height), text: options.text ?? BARCODE_DEFAULTS.text }
}

/** Throws a BarcodeInputError naming why `code` cannot be drawn as `type`. */
export function assertEncodable(code: string, type: BarcodeType): void {
  if (!code) throw new BarcodeInputError("code_empty", "code", "the member code is empty")
  if (type === "ean13") {
    if (!/^\d{13}$/.test(code)) {
      throw new BarcodeInputError(
        "ean13_not_13_digits",
        "type",
        `type=ean13 needs a 13-digit numeric member code; this one is ${code.length} characters` +
          (/^\d+$/.test(code) ? "" : " and not all digits") +
          " — use type=code128 or type=qr"
      )
    }
    if (!isValidEan13(code)) {
      const expected = ean13CheckDigit(code.slice(0, 12))
      throw new BarcodeInputError(
        "ean13_check_digit",
        "type",
        `type=ean13 needs a valid check digit: the last digit is ${code[12]} but should be ${expected} — use type=code128 or type=qr`
      )
    }
    return
  }
  const max = BARCODE_LIMITS.codeLength[type]
  if (code.length > max) {
    throw new BarcodeInputError("code_too_long", "code", `the member code is longer than ${max} characters`)
  }
  if (type === "code128" && !/^[\x20-\x7e]+$/.test(code)) {
    throw new BarcodeInputError(
      "code128_unsupported_character",
      "code",
      "CODE128 encodes printable ASCII only; this member code has other characters — use type=qr"
    )
  }
}

/** The exact bwip-js options used for `code`: opaque white background, quiet zones, optional text below. */
export function bwipOptions(code: string, options: ResolvedBarcodeOptions): bwipjs.RenderOptions {
  const { type, scale, height, text } = options
  const unit = MODULE_UNITS[type]
  const quiet = QUIET_ZONE_MODULES[type] * unit
  const linear = type !== "qr"
  return {
    bcid: BWIP_IDS[type],
    text: code,
    scale,
    ...(linear ? { height } : {}),
    barcolor: "000000",
    textcolor: "000000",
    backgroundcolor: "FFFFFF",
    paddingleft: quiet,
    paddingright: quiet,
    paddingtop: linear ? 5 : quiet,
    paddingbottom: linear ? 5 : quiet,
    includetext: text,
    ...(text && type === "code128" ? { textxalign: "center" as const } : {}),
    // QR draws no text of its own; keep the caption a full quiet zone below the symbol.
    ...(text && !linear ? { alttext: code, textyalign: "below" as const, textyoffset: -quiet } : {}),
  }
}

export function renderBarcodeSvg(code: string, options: BarcodeOptions = {}): string {
  const resolved = resolveBarcodeOptions(options)
  assertEncodable(code, resolved.type)
  // An intrinsic size lets an <img> show the SVG at the same size as the PNG.
  return bwipjs
    .toSVG(bwipOptions(code, resolved))
    .replace(/^<svg viewBox="0 0 ([\d.]+) ([\d.]+)"/, '<svg width="$1" height="$2" viewBox="0 0 $1 $2"')
}

export async function renderBarcodePng(code: string, options: BarcodeOptions = {}): Promise<Buffer> {
  const resolved = resolveBarcodeOptions(options)
  assertEncodable(code, resolved.type)
  return bwipjs.toBuffer(bwipOptions(code, resolved))
}

export async function renderBarcode(
  code: string,
  format: BarcodeImageFormat,
  options: BarcodeOptions = {}
): Promise<{ body: string | Buffer; contentType: string }> {
  return format === "png"
    ? { body: await renderBarcodePng(code, options), contentType: "image/png" }
    : { body: renderBarcodeSvg(code, options), contentType: "image/svg+xml; charset=utf-8" }
}

/** Strong ETag of one representation; computed without rendering. */
export function barcodeEtag(code: string, representation: string, options: BarcodeOptions = {}): string {
  const { type, scale, height, text } = resolveBarcodeOptions(options)
  const digest = createHash("sha256")
    .update(JSON.stringify([RENDERER_VERSION, representation, code, type, scale, type === "qr" ? null : height, text]))
    .digest("base64url")
  return `"bc-${digest.slice(0, 32)}"`
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  const bare = (tag: string) => tag.trim().replace(/^W\//, "")
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag))
}

/** Most-recently-used rendered images, bounded by count and bytes; a hit skips bwip-js entirely. */
export class BarcodeRenderCache {
  private readonly entries = new Map<string, { body: string | Buffer; contentType: string; bytes: number }>()
  private bytes = 0

  constructor(
    readonly maxEntries = 1000,
    readonly maxBytes = 16 * 1024 * 1024
  ) {}

  get size(): number {
    return this.entries.size
  }

  get totalBytes(): number {
    return this.bytes
  }

  async render(code: string, format: BarcodeImageFormat, options: BarcodeOptions = {}): Promise<{ body: string | Buffer; contentType: string }> {
    const key = barcodeEtag(code, format, options)
    const hit = this.entries.get(key)
    if (hit) {
      this.entries.delete(key)
      this.entries.set(key, hit)
      return { body: hit.body, contentType: hit.contentType }
    }
    const image = await renderBarcode(code, format, options)
    const bytes = typeof image.body === "string" ? Buffer.byteLength(image.body) : image.body.length
    if (bytes <= this.maxBytes && this.maxEntries > 0) {
      this.entries.set(key, { ...image, bytes })
      this.bytes += bytes
      this.evict()
    }
    return image
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) return
      this.entries.delete(key)
      this.bytes -= entry.bytes
    }
  }
}
