import fs from "node:fs"
import path from "node:path"
import ts from "typescript"
import en from "../../i18n/en"
import ja from "../../i18n/ja"
import resources from "../../i18n"
import { SKIP_REASONS } from "../../../smaregi/classify"
import { SMAREGI_ERROR_CODES } from "../../../smaregi/errors"
import { STATUSES } from "../../components/status-badges"
import { MEMBER_IMPORT_STATUSES } from "../../../modules/smaregi/models/member-import"
import { MEMBER_STATUSES } from "../../../modules/smaregi/models/member"
import { PULL_RUN_STATUSES } from "../../../modules/smaregi/models/pull-run"
import { TRANSACTION_STATUSES } from "../../../modules/smaregi/models/transaction"
import type { DeliveryKind } from "../../../modules/smaregi/inbox"
import type { LinkRefusal } from "../../../workflows/members/link-approval-types"
import type { MemberEligibility } from "../../../smaregi/member-mapping"

// Every value of these server unions, or the type check fails: a new reason then needs its label here too.
const LINK_REFUSALS = { not_found: true, not_pending: true, smaregi_member_changed: true } satisfies Record<LinkRefusal["reason"], true>
const SKIPPED_CUSTOMERS = { guest: true, not_approved: true } satisfies Record<Extract<MemberEligibility, { eligible: false }>["reason"], true>
const DELIVERY_KINDS = { first_delivery: true, newest_data: true, older_data: true } satisfies Record<DeliveryKind, true>

/** Reason codes the server records outside SKIP_REASONS and SMAREGI_ERROR_CODES, which the admin shows through reasonLabel. */
const SERVER_REASON_CODES = [
  // transactions (src/workflows/sales, src/jobs/process-pending-smaregi-transactions.ts)
  "import_disabled",
  "stale",
  "redelivery",
  "unknown_member",
  "invalid_data",
  "create_failed",
  "update_failed",
  "cancel_failed",
  "lines_changed",
  "order_already_canceled",
  "connection_deleted",
  "connection_disabled",
  "attempts_exhausted",
  // member pushes (src/workflows/members) and the connection test
  "link_unverified",
  "customer_deleted",
  "not_sent",
  "not_configured",
  "invalid_response",
  "throttled",
  "timeout",
  "transport_error",
  "not_found",
  ...Object.keys(LINK_REFUSALS),
  ...Object.keys(SKIPPED_CUSTOMERS),
  ...Object.keys(DELIVERY_KINDS),
]

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

// Smaregi's own table and field names, and the points unit, are shown as they are in both languages.
const UNTRANSLATED = new Set(["TransactionHead", "TransactionDetail", "updDateTime", "pt"])
const VISIBLE_PROPS = /^(label|description|title|header|heading|addLabel|emptyText|noneLabel|confirmText|cancelText|ariaLabel|aria-label|searchPlaceholder)$/

/** Words written straight into the admin's JSX text, visible props, toasts and confirm prompts instead of t(). */
function hardCodedText(): string[] {
  const found: string[] = []
  for (const file of sources(ADMIN)) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
    const report = (node: ts.Node, text: string) => {
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1
      found.push(`${path.relative(ADMIN, file)}:${line} ${text.trim()}`)
    }
    /** The written text of a string or template literal (without its ${…} parts); "" for anything else. */
    const literalText = (node: ts.Node | undefined): string => {
      if (!node) return ""
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text
      if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(" ")
      return ""
    }
    const words = (text: string) => /[A-Za-z]{2,}/.test(text) && !UNTRANSLATED.has(text.trim())
    const visit = (node: ts.Node): void => {
      if (ts.isJsxText(node) && words(node.text)) report(node, node.text)
      if (ts.isJsxAttribute(node) && VISIBLE_PROPS.test(node.name.getText()) && node.initializer) {
        const value = ts.isJsxExpression(node.initializer) ? node.initializer.expression : node.initializer
        if (words(literalText(value))) report(node, node.getText())
      }
      if (ts.isPropertyAssignment(node) && /^(title|description|confirmText|cancelText|heading)$/.test(node.name.getText()) && words(literalText(node.initializer))) {
        report(node, node.getText())
      }
      if (ts.isCallExpression(node) && /^toast\.\w+$/.test(node.expression.getText()) && words(literalText(node.arguments[0]))) report(node, node.getText())
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return found
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

  it("no English text is written straight into the admin's components", () => {
    expect(hardCodedText()).toEqual([])
  })

  it("every time is formatted by lib/format.ts (JST, zone named), never by the browser's locale or zone", () => {
    const bypass = /\b(toLocaleDateString|toLocaleTimeString|toTimeString|toDateString|toUTCString|toISOString|DateTimeFormat|getHours|getMinutes|getDate)\b|new Date\([^)]*\)\.toLocaleString/
    const found = sources(ADMIN)
      .filter((file) => path.relative(ADMIN, file) !== path.join("lib", "format.ts"))
      .flatMap((file) =>
        fs
          .readFileSync(file, "utf8")
          .split("\n")
          .map((line, i) => [`${path.relative(ADMIN, file)}:${i + 1}`, line] as const)
          .filter(([, line]) => bypass.test(line))
          .map(([where, line]) => `${where} ${line.trim()}`)
      )
    expect(found).toEqual([])
  })

  it("every status the lists filter by has a label", () => {
    for (const [kind, statuses] of Object.entries(STATUSES)) {
      for (const status of statuses) expect({ kind, status, has: EN.has(`status.${kind}.${status}`) }).toEqual({ kind, status, has: true })
    }
  })

  it("every status the server stores has a label", () => {
    const server = { transaction: TRANSACTION_STATUSES, member: MEMBER_STATUSES, pull: PULL_RUN_STATUSES, import: MEMBER_IMPORT_STATUSES }
    for (const [kind, statuses] of Object.entries(server)) {
      for (const status of statuses) expect({ kind, status, has: EN.has(`status.${kind}.${status}`) }).toEqual({ kind, status, has: true })
    }
  })

  it("every reason code the server records has a label", () => {
    expect(SERVER_REASON_CODES.filter((code) => !EN.has(`reason.${code}`))).toEqual([])
  })

  it("every transaction skip reason and Smaregi error code has a label", () => {
    const codes = [...Object.keys(SKIP_REASONS), ...Object.values(SMAREGI_ERROR_CODES).map((e) => e.code)]
    expect(codes.filter((code) => !EN.has(`reason.${code}`))).toEqual([])
  })
})
