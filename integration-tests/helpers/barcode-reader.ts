import { execFile } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import zlib from "node:zlib"

export type Bitmap = { width: number; height: number; rgba: Uint8Array }

const ZBARIMG = ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"].find((p) => fs.existsSync(p)) ?? null

const ZBAR_HINT = `install zbarimg ("apt-get install zbar-tools" on Debian/Ubuntu, "brew install zbar" on macOS)`

export const hasZbarimg = (): boolean => ZBARIMG !== null
/** Why the decode checks are skipped on this machine, or null when they run (under CI=true they always run). */
export const ZBAR_SKIPPED: string | null =
  ZBARIMG || process.env.CI === "true" ? null : `skipped: zbarimg not found — ${ZBAR_HINT}`

/**
 * Decodes every symbol in a PNG with zbarimg: ["CODE-128:M000000123", …]; null when zbarimg is missing and the
 * decode checks are skipped (ZBAR_SKIPPED); under CI=true a missing zbarimg is an error.
 */
export async function zbarDecode(png: Buffer): Promise<string[] | null> {
  if (!ZBARIMG) {
    if (ZBAR_SKIPPED) return null
    throw new Error(`zbarimg not found: the barcode decode checks need an ordinary reader — ${ZBAR_HINT}`)
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zbar-"))
  const file = path.join(dir, "image.png")
  fs.writeFileSync(file, png)
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(ZBARIMG, ["-q", file], (err, out) => {
        // zbarimg exits 4 when it finds nothing: an answer, not a failure.
        if (err && (err as NodeJS.ErrnoException & { code?: number }).code !== 4) reject(err)
        else resolve(out)
      })
    })
    return stdout.split("\n").filter(Boolean)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Minimal PNG reader (8-bit grey/RGB/RGBA, not interlaced): enough for bwip-js and Chromium screenshots. */
export function decodePng(png: Buffer): Bitmap {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error("not a PNG")
  let offset = 8
  let width = 0
  let height = 0
  let colorType = 0
  const idat: Buffer[] = []
  while (offset < png.length) {
    const length = png.readUInt32BE(offset)
    const kind = png.toString("latin1", offset + 4, offset + 8)
    const data = png.subarray(offset + 8, offset + 8 + length)
    if (kind === "IHDR") {
      width = data.readUInt32BE(0)
      height = data.readUInt32BE(4)
      const depth = data[8]
      colorType = data[9]
      if (depth !== 8 || data[12] !== 0 || ![0, 2, 4, 6].includes(colorType)) {
        throw new Error(`unsupported PNG (depth ${depth}, colour type ${colorType}, interlace ${data[12]})`)
      }
    } else if (kind === "IDAT") idat.push(data)
    else if (kind === "IEND") break
    offset += 12 + length
  }
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colorType] as number
  const raw = zlib.inflateSync(Buffer.concat(idat))
  const stride = width * channels
  const out = new Uint8Array(width * height * channels)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1))
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[y * stride + x - channels] : 0
      const b = y > 0 ? out[(y - 1) * stride + x] : 0
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels] : 0
      let v = line[x]
      if (filter === 1) v += a
      else if (filter === 2) v += b
      else if (filter === 3) v += (a + b) >> 1
      else if (filter === 4) {
        const p = a + b - c
        const pa = Math.abs(p - a)
        const pb = Math.abs(p - b)
        const pc = Math.abs(p - c)
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c
      }
      out[y * stride + x] = v & 0xff
    }
  }
  const rgba = new Uint8Array(width * height * 4)
  for (let i = 0; i < width * height; i++) {
    const px = out.subarray(i * channels, (i + 1) * channels)
    const [r, g, b] = channels >= 3 ? [px[0], px[1], px[2]] : [px[0], px[0], px[0]]
    const alpha = channels === 4 ? px[3] : channels === 2 ? px[1] : 255
    rgba.set([r, g, b, alpha], i * 4)
  }
  return { width, height, rgba }
}

export const isDark = (img: Bitmap, x: number, y: number): boolean => {
  const i = (y * img.width + x) * 4
  return (img.rgba[i] + img.rgba[i + 1] + img.rgba[i + 2]) / 3 < 128
}

export const isOpaque = (img: Bitmap): boolean => img.rgba.every((v, i) => i % 4 !== 3 || v === 255)

/** Dark/light run lengths along one row, from the first dark pixel to the last, plus the blank margins. */
export function rowRuns(img: Bitmap, y: number): { runs: number[]; left: number; right: number } {
  const dark = Array.from({ length: img.width }, (_, x) => isDark(img, x, y))
  const first = dark.indexOf(true)
  const last = dark.lastIndexOf(true)
  if (first < 0) return { runs: [], left: img.width, right: img.width }
  const runs: number[] = []
  let run = 1
  for (let x = first + 1; x <= last; x++) {
    if (dark[x] === dark[x - 1]) run++
    else {
      runs.push(run)
      run = 1
    }
  }
  runs.push(run)
  return { runs, left: first, right: img.width - 1 - last }
}

/** Space/bar widths of a bwip-js linear SVG (bars are vertical stroked lines), in SVG units. */
export function svgBarRuns(svg: string): number[] {
  const bars: Array<[number, number]> = []
  for (const m of svg.matchAll(/<path stroke="#000000" stroke-width="([\d.]+)" d="([^"]+)"/g)) {
    const w = Number(m[1])
    for (const seg of m[2].matchAll(/M([\d.]+) [\d.]+L[\d.]+ [\d.]+/g)) {
      const x = Number(seg[1])
      bars.push([x - w / 2, x + w / 2])
    }
  }
  bars.sort((a, b) => a[0] - b[0])
  const runs: number[] = []
  bars.forEach(([from, to], i) => {
    if (i > 0) runs.push(Math.round((from - bars[i - 1][1]) * 100) / 100)
    runs.push(Math.round((to - from) * 100) / 100)
  })
  return runs
}

export function svgViewBox(svg: string): { width: number; height: number } {
  const m = svg.match(/viewBox="0 0 ([\d.]+) ([\d.]+)"/)
  if (!m) throw new Error("SVG without a viewBox")
  return { width: Number(m[1]), height: Number(m[2]) }
}

/** Reads a QR module matrix from a bitmap whose symbol starts at (left, top) with `modulePx`-sized modules. */
export function sampleMatrix(img: Bitmap, left: number, top: number, modulePx: number, size: number): number[] {
  const cells: number[] = []
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const x = Math.floor(left + (c + 0.5) * modulePx)
      const y = Math.floor(top + (r + 0.5) * modulePx)
      cells.push(isDark(img, x, y) ? 1 : 0)
    }
  }
  return cells
}
