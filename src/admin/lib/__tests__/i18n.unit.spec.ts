import fs from "node:fs"
import path from "node:path"
import en from "../../i18n/en"
import ja from "../../i18n/ja"
import resources from "../../i18n"
import { SKIP_REASONS } from "../../../smaregi/classify"
import { SMAREGI_ERROR_CODES } from "../../../smaregi/errors"
import { STATUSES } from "../../components/status-badges"

type Tree = { [key: string]: string | Tree }

function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "string") out.set(`${prefix}${key}`, value)
    else for (const [k, v] of leaves(value, `${prefix}${key}.`)) out.set(k, v)
  }
  return out
}

const EN = leaves(en)
const JA = leaves(ja)
const ADMIN = path.resolve(__dirname, "../..")

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === "__tests__" || entry.name === "i18n" ? [] : sources(full)
    return /\.tsx?$/.test(entry.name) ? [full] : []
  })
}

/** Keys written literally in the admin code: t("a.b"), t.dynamic(`a.${x}`) prefixes, and translated route labels. */
function usedKeys(): { literal: Array<[string, string]>; prefixes: Array<[string, string]> } {
  const literal: Array<[string, string]> = []
  const prefixes: Array<[string, string]> = []
  for (const file of sources(ADMIN)) {
    const text = fs.readFileSync(file, "utf8")
    const where = path.relative(ADMIN, file)
    for (const m of text.matchAll(/\bt(?:r)?\(\s*"([^"]+)"/g)) literal.push([where, m[1]])
    for (const m of text.matchAll(/label: "([^"]+)",\s*translationNs: "smaregi"/g)) literal.push([where, m[1]])
    for (const m of text.matchAll(/\.dynamic\(\s*`([a-z_.]+)\.\$\{/g)) prefixes.push([where, m[1]])
  }
  return { literal, prefixes }
}

describe("admin dictionaries", () => {
  it("en and ja have exactly the same keys", () => {
    expect([...JA.keys()].sort()).toEqual([...EN.keys()].sort())
  })

  it("no string is empty, and each ja string keeps the en string's {{placeholders}}", () => {
    const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort()
    for (const [key, value] of EN) {
      expect({ key, en: value.trim().length > 0, ja: (JA.get(key) ?? "").trim().length > 0 }).toEqual({ key, en: true, ja: true })
      expect({ key, placeholders: placeholders(JA.get(key) ?? "") }).toEqual({ key, placeholders: placeholders(value) })
    }
  })

  it("ja is Japanese: most strings hold kana or kanji", () => {
    const japanese = [...JA.values()].filter((s) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(s))
    expect(japanese.length / JA.size).toBeGreaterThan(0.9)
  })

  it("is registered with Medusa's admin under the smaregi namespace for en and ja", () => {
    expect(resources).toEqual({ en: { smaregi: en }, ja: { smaregi: ja } })
  })

  it("every key the admin code uses exists", () => {
    const { literal, prefixes } = usedKeys()
    expect(literal.length).toBeGreaterThan(100)
    const missing = literal.filter(([, key]) => !EN.has(key))
    expect(missing).toEqual([])
    const badPrefixes = prefixes.filter(([, prefix]) => ![...EN.keys()].some((k) => k.startsWith(`${prefix}.`)))
    expect(badPrefixes).toEqual([])
  })

  it("every status the lists filter by has a label", () => {
    for (const [kind, statuses] of Object.entries(STATUSES)) {
      for (const status of statuses) expect({ kind, status, has: EN.has(`status.${kind}.${status}`) }).toEqual({ kind, status, has: true })
    }
  })

  it("every transaction skip reason and Smaregi error code has a label", () => {
    const codes = [...Object.keys(SKIP_REASONS), ...Object.values(SMAREGI_ERROR_CODES).map((e) => e.code)]
    expect(codes.filter((code) => !EN.has(`reason.${code}`))).toEqual([])
  })
})
