import bwipjs from "bwip-js"
import {
  BarcodeInputError,
  BarcodeRenderCache,
  type BarcodeOptions,
  type BarcodeType,
  QUIET_ZONE_MODULES,
  RENDERER_VERSION,
  assertEncodable,
  barcodeEtag,
  etagMatches,
  renderBarcodePng,
  renderBarcodeSvg,
  resolveBarcodeOptions,
} from "../barcode"
import { eanCheckDigit as ean13CheckDigit, isValidEan13 } from "../ean13"
import {
  type Bitmap,
  decodePng,
  hasZbarimg,
  isDark,
  isOpaque,
  rowRuns,
  sampleMatrix,
  svgBarRuns,
  svgViewBox,
  zbarDecode,
} from "../../../integration-tests/helpers/barcode-reader"

const ZBAR_NAMES: Record<BarcodeType, string> = { code128: "CODE-128", qr: "QR-Code", ean13: "EAN-13" }
const BWIPP_IDS: Record<BarcodeType, string> = { code128: "code128", qr: "qrcode", ean13: "ean13" }

// The symbol bwip-js itself computes for the code: bar/space widths (linear) or the module matrix (QR).
function referenceLinear(type: BarcodeType, code: string): number[] {
  const [sym] = bwipjs.raw(BWIPP_IDS[type], code, {}) as Array<{ sbs: number[] }>
  return sym.sbs
}
function referenceMatrix(code: string): { size: number; cells: number[] } {
  const [sym] = bwipjs.raw("qrcode", code, {}) as Array<{ pixs: number[]; pixx: number }>
  return { size: sym.pixx, cells: sym.pixs }
}

function darkRows(img: Bitmap): number[] {
  const rows: number[] = []
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (isDark(img, x, y)) {
        rows.push(y)
        break
      }
    }
  }
  return rows
}

function barRows(img: Bitmap, expectedRuns: number[]): number[] {
  return darkRows(img).filter((y) => JSON.stringify(rowRuns(img, y).runs) === JSON.stringify(expectedRuns))
}

const linearCases: Array<[string, BarcodeType, string, BarcodeOptions]> = [
  ["prefixed member code", "code128", "M000000123", {}],
  ["short code, scale 1", "code128", "M1", { scale: 1 }],
  ["code with symbols, scale 4", "code128", "AB-12_x/9", { scale: 4, height: 20 }],
  ["numeric code as CODE128", "code128", "2000000000015", { text: false }],
  ["EAN-13 member code", "ean13", "2000000000015", {}],
  ["JAN code, scale 2", "ean13", "4901234567894", { scale: 2 }],
]

describe("renderBarcodePng — linear symbols", () => {
  it.each(linearCases)("%s (%s %s) encodes the code with white quiet zones", async (_label, type, code, opts) => {
    const { scale } = resolveBarcodeOptions({ ...opts, type })
    const img = decodePng(await renderBarcodePng(code, { ...opts, type }))
    expect(isOpaque(img)).toBe(true)
    expect(isDark(img, 0, 0)).toBe(false)

    const expectedRuns = referenceLinear(type, code).map((w) => w * scale)
    const rows = barRows(img, expectedRuns)
    expect(rows.length).toBeGreaterThan(10 * scale)
    const { left, right } = rowRuns(img, rows[0])
    expect(left).toBeGreaterThanOrEqual(QUIET_ZONE_MODULES[type] * scale)
    expect(right).toBeGreaterThanOrEqual(QUIET_ZONE_MODULES[type] * scale)
    expect(QUIET_ZONE_MODULES[type]).toBeGreaterThanOrEqual(10)
  })

  it.each(linearCases)("%s decodes with zbarimg when installed", async (_label, type, code, opts) => {
    const found = await zbarDecode(await renderBarcodePng(code, { ...opts, type }))
    if (found === null) return expect(hasZbarimg()).toBe(false)
    expect(found).toEqual([`${ZBAR_NAMES[type]}:${code}`])
  })

  it.each([
    ["code128", "M000000123"],
    ["ean13", "4901234567894"],
  ] as const)("%s: text=true draws the code under the bars, text=false draws only bars", async (type, code) => {
    const runs = referenceLinear(type, code).map((w) => w * 3)
    const withText = decodePng(await renderBarcodePng(code, { type, text: true }))
    const without = decodePng(await renderBarcodePng(code, { type, text: false }))
    const textRows = (img: Bitmap) => {
      const bars = new Set(barRows(img, runs))
      return darkRows(img).filter((y) => !bars.has(y))
    }
    expect(textRows(withText).length).toBeGreaterThan(10)
    expect(Math.min(...textRows(withText))).toBeGreaterThan(Math.min(...barRows(withText, runs)))
    // EAN-13 guard bars run longer than the other bars, so only CODE128 is pure bars without text.
    if (type === "code128") expect(textRows(without)).toEqual([])
    expect(without.height).toBeLessThan(withText.height)
  })

  it("height is the bar height in millimetres", async () => {
    const runs = referenceLinear("code128", "M000000123").map((w) => w * 2)
    const rowsAt = async (height: number) =>
      barRows(decodePng(await renderBarcodePng("M000000123", { scale: 2, height, text: false })), runs).length
    const mmToPx = (mm: number) => (mm / 25.4) * 72 * 2
    expect(Math.abs((await rowsAt(10)) - mmToPx(10))).toBeLessThanOrEqual(3)
    expect(Math.abs((await rowsAt(30)) - mmToPx(30))).toBeLessThanOrEqual(3)
  })
})

describe("renderBarcodePng — QR", () => {
  it.each([
    ["M000000123", 3, true],
    ["M000000123", 1, false],
    ["https://example.com/members/M000000123", 2, true],
  ] as const)("%s at scale %d (text %s) matches bwip-js's matrix with a 10-module quiet zone", async (code, scale, text) => {
    const img = decodePng(await renderBarcodePng(code, { type: "qr", scale, text }))
    expect(isOpaque(img)).toBe(true)
    const modulePx = 2 * scale
    const ref = referenceMatrix(code)
    const rows = darkRows(img)
    const top = rows[0]
    // The finder pattern's rows locate the symbol; a caption wider than the symbol only widens the margins.
    const left = rowRuns(img, top).left
    expect(left).toBeGreaterThanOrEqual(10 * modulePx)
    expect(top).toBe(10 * modulePx)
    if (!text) expect(left).toBe(10 * modulePx)
    expect(sampleMatrix(img, left, top, modulePx, ref.size)).toEqual(ref.cells)
    const symbolBottom = top + ref.size * modulePx
    const below = rows.filter((y) => y >= symbolBottom)
    if (text) expect(Math.min(...below) - symbolBottom).toBeGreaterThanOrEqual(10 * modulePx)
    else expect(below).toEqual([])
    expect(img.height - symbolBottom).toBeGreaterThanOrEqual(10 * modulePx)
    expect(img.width - (left + ref.size * modulePx)).toBeGreaterThanOrEqual(10 * modulePx)
    const found = await zbarDecode(await renderBarcodePng(code, { type: "qr", scale, text }))
    if (found !== null) expect(found).toEqual([`QR-Code:${code}`])
  })
})

describe("renderBarcodeSvg", () => {
  it.each(linearCases)("%s: SVG bars equal bwip-js's symbol, on an opaque white background", (_label, type, code, opts) => {
    const { scale } = resolveBarcodeOptions({ ...opts, type })
    const svg = renderBarcodeSvg(code, { ...opts, type })
    expect(svg).toMatch(/^<svg width="[\d.]+" height="[\d.]+" viewBox=/)
    expect(svg).toContain('<rect width="100%" height="100%" fill="#FFFFFF" />')
    expect(svgBarRuns(svg)).toEqual(referenceLinear(type, code).map((w) => w * scale))
    const firstBar = Math.min(...[...svg.matchAll(/stroke-width="([\d.]+)" d="M([\d.]+) /g)].map((m) => Number(m[2]) - Number(m[1]) / 2))
    expect(firstBar).toBeGreaterThanOrEqual(QUIET_ZONE_MODULES[type] * scale)
  })

  it("a CODE128 SVG without text is exactly symbol + two quiet zones wide", () => {
    const svg = renderBarcodeSvg("M000000123", { scale: 2, text: false })
    const modules = referenceLinear("code128", "M000000123").reduce((a, b) => a + b, 0)
    expect(svgViewBox(svg).width).toBe((modules + 2 * QUIET_ZONE_MODULES.code128) * 2)
    expect(svg).not.toMatch(/<path d=/)
  })

  it("draws the caption as glyph outlines only when text is on", () => {
    expect(renderBarcodeSvg("M000000123", { text: true })).toMatch(/<path d="[^"]+" fill="#000000"/)
    expect(renderBarcodeSvg("M000000123", { text: false })).not.toMatch(/<path d="[^"]+" fill="#000000"/)
  })
})

describe("input rules", () => {
  it.each([
    ["4901234567894", true],
    ["2000000000015", true],
    ["4901234567890", false],
    ["490123456789", false],
    ["49012345678941", false],
    ["490123456789X", false],
  ])("isValidEan13(%s) → %s", (code, ok) => {
    expect(isValidEan13(code)).toBe(ok)
  })

  it.each([
    ["490123456789", 4],
    ["200000000001", 5],
    ["000000000000", 0],
  ])("ean13CheckDigit(%s) → %d", (first12, digit) => {
    expect(ean13CheckDigit(first12)).toBe(digit)
  })

  it.each<[string, string, BarcodeType, string, RegExp]>([
    ["prefixed code as EAN-13", "M000000123", "ean13", "ean13_not_13_digits", /13-digit.*10 characters and not all digits/],
    ["12 digits as EAN-13", "200000000001", "ean13", "ean13_not_13_digits", /13-digit.*12 characters/],
    ["bad check digit", "4901234567890", "ean13", "ean13_check_digit", /last digit is 0 but should be 4/],
    ["empty code", "", "code128", "code_empty", /empty/],
    ["kanji in CODE128", "会員123", "code128", "code128_unsupported_character", /printable ASCII/],
    ["tab in CODE128", "M\t1", "code128", "code128_unsupported_character", /type=qr/],
    ["overlong CODE128", "M".repeat(49), "code128", "code_too_long", /48/],
  ])("%s is refused with a reason", (_label, code, type, reason, message) => {
    let error: unknown
    try {
      assertEncodable(code, type)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(BarcodeInputError)
    expect(error).toMatchObject({ reason })
    expect((error as Error).message).toMatch(message)
  })

  it("QR takes codes CODE128 cannot", () => {
    expect(() => assertEncodable("会員123", "qr")).not.toThrow()
  })

  it.each<[string, BarcodeOptions, string, string]>([
    ["scale 0", { scale: 0 }, "scale_out_of_range", "scale"],
    ["scale 9", { scale: 9 }, "scale_out_of_range", "scale"],
    ["scale 2.5", { scale: 2.5 }, "scale_out_of_range", "scale"],
    ["height 4", { height: 4 }, "height_out_of_range", "height"],
    ["height 41", { height: 41 }, "height_out_of_range", "height"],
    ["height NaN", { height: Number.NaN }, "height_out_of_range", "height"],
    ["type nw7", { type: "nw7" as BarcodeType }, "type_unknown", "type"],
  ])("%s is refused", (_label, opts, reason, parameter) => {
    expect(() => resolveBarcodeOptions(opts)).toThrow(BarcodeInputError)
    expect(() => resolveBarcodeOptions(opts)).toThrow(expect.objectContaining({ reason, parameter }))
  })

  it("fills defaults", () => {
    expect(resolveBarcodeOptions()).toEqual({ type: "code128", scale: 3, height: 15, text: true })
  })

  it("renderers refuse what assertEncodable refuses", async () => {
    expect(() => renderBarcodeSvg("M000000123", { type: "ean13" })).toThrow(BarcodeInputError)
    await expect(renderBarcodePng("4901234567890", { type: "ean13" })).rejects.toMatchObject({ reason: "ean13_check_digit" })
  })
})

describe("barcodeEtag", () => {
  const base = barcodeEtag("M000000123", "svg", {})

  it("is a strong, quoted validator that names the renderer version", () => {
    expect(base).toMatch(/^"bc-[A-Za-z0-9_-]{32}"$/)
    expect(RENDERER_VERSION).toContain(bwipjs.BWIPJS_VERSION)
    expect(barcodeEtag("M000000123", "svg", { type: "code128", scale: 3, height: 15, text: true })).toBe(base)
  })

  it.each<[string, string, string, BarcodeOptions]>([
    ["another code", "M000000124", "svg", {}],
    ["png", "M000000123", "png", {}],
    ["json", "M000000123", "json:svg", {}],
    ["qr", "M000000123", "svg", { type: "qr" }],
    ["scale", "M000000123", "svg", { scale: 4 }],
    ["height", "M000000123", "svg", { height: 20 }],
    ["no text", "M000000123", "svg", { text: false }],
  ])("changes with %s", (_label, code, representation, opts) => {
    expect(barcodeEtag(code, representation, opts)).not.toBe(base)
  })

  it("ignores height for QR, which has none", () => {
    expect(barcodeEtag("M1", "svg", { type: "qr", height: 10 })).toBe(barcodeEtag("M1", "svg", { type: "qr", height: 30 }))
  })

  it.each<[string | undefined, boolean]>([
    [undefined, false],
    ["", false],
    [base, true],
    [`W/${base}`, true],
    [`"other", ${base}`, true],
    ["*", true],
    ['"bc-nope"', false],
  ])("etagMatches(%p) → %s", (header, matches) => {
    expect(etagMatches(header, base)).toBe(matches)
  })
})

describe("BarcodeRenderCache", () => {
  it("returns the same image as a fresh render, and the cached one on a repeat", async () => {
    const cache = new BarcodeRenderCache()
    const first = await cache.render("M000123", "svg", { type: "code128" })
    expect(first.body).toBe(renderBarcodeSvg("M000123", { type: "code128" }))
    expect(first.contentType).toBe("image/svg+xml; charset=utf-8")
    const again = await cache.render("M000123", "svg", { type: "code128" })
    expect(again.body).toBe(first.body)
    expect(cache.size).toBe(1)
  })

  it.each([
    ["another code", "M000124", "svg", {}],
    ["another format", "M000123", "png", {}],
    ["another type", "M000123", "svg", { type: "qr" }],
    ["another scale", "M000123", "svg", { scale: 4 }],
    ["another height", "M000123", "svg", { height: 20 }],
    ["no text", "M000123", "svg", { text: false }],
  ] as const)("keeps %s apart", async (_label, code, format, options) => {
    const cache = new BarcodeRenderCache()
    const base = await cache.render("M000123", "svg", {})
    const other = await cache.render(code, format, options)
    expect(other.body).not.toEqual(base.body)
    expect(cache.size).toBe(2)
  })

  it("cannot be bypassed by varying the height by fractions: heights are whole millimetres", async () => {
    const cache = new BarcodeRenderCache()
    const heights = [15, 15.001, 15.2, 14.6, 15.49, 14.5000001]
    const images = await Promise.all(heights.map((height) => cache.render("M000123", "svg", { height })))
    expect(cache.size).toBe(1)
    expect(new Set(images.map((i) => i.body)).size).toBe(1)
    expect(new Set(heights.map((height) => barcodeEtag("M000123", "svg", { height }))).size).toBe(1)
    expect(heights.map((height) => resolveBarcodeOptions({ height }).height)).toEqual([15, 15, 15, 15, 15, 15])
    expect(resolveBarcodeOptions({ height: 15.5 }).height).toBe(16)
  })

  it("evicts the least recently used entry beyond maxEntries", async () => {
    const cache = new BarcodeRenderCache(2)
    await cache.render("A1", "svg")
    await cache.render("B2", "svg")
    await cache.render("A1", "svg")
    await cache.render("C3", "svg")
    expect(cache.size).toBe(2)
    const sizeBefore = cache.totalBytes
    await cache.render("A1", "svg")
    expect(cache.size).toBe(2)
    expect(cache.totalBytes).toBe(sizeBefore)
  })

  it("stays within maxBytes", async () => {
    const one = Buffer.byteLength(renderBarcodeSvg("A1"))
    const cache = new BarcodeRenderCache(100, Math.floor(one * 1.5))
    await cache.render("A1", "svg")
    await cache.render("B2", "svg")
    expect(cache.size).toBe(1)
    expect(cache.totalBytes).toBeLessThanOrEqual(Math.floor(one * 1.5))
  })

  it("renders without caching when an image is larger than the whole budget", async () => {
    const cache = new BarcodeRenderCache(100, 10)
    const image = await cache.render("A1", "svg")
    expect(image.body).toBe(renderBarcodeSvg("A1"))
    expect(cache.size).toBe(0)
  })

  it("refuses what assertEncodable refuses, and caches nothing", async () => {
    const cache = new BarcodeRenderCache()
    await expect(cache.render("ＡＢＣ", "svg", { type: "code128" })).rejects.toThrow(BarcodeInputError)
    expect(cache.size).toBe(0)
  })
})
