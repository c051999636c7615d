import { useMemo } from "react"
import { useTranslation } from "react-i18next"
import type en from "../i18n/en"

/** The react-i18next namespace of this plugin's strings (src/admin/i18n). */
export const NS = "smaregi"

type Leaves<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>
}[keyof T & string]

/** Every key of the dictionaries: `t()` takes only these (a key missing from i18n/en fails the type check). */
export type MessageKey = Leaves<typeof en>

export type Translate = ((key: MessageKey, vars?: Record<string, string | number>) => string) & {
  /** A key built at run time (a status, a reason code): `fallback` when the dictionaries do not have it. */
  dynamic: (key: string, fallback: string, vars?: Record<string, string | number>) => string
  lang: string
}

type Vars = Record<string, string | number>

/** A Translate over one dictionary, without React (tests, and anything outside a component). */
export function translatorFrom(dictionary: object, lang: string): Translate {
  const lookup = (key: string): string | undefined => {
    const value = key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), dictionary)
    return typeof value === "string" ? value : undefined
  }
  const fill = (text: string, vars?: Vars) => text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => (vars && name in vars ? String(vars[name]) : `{{${name}}}`))
  const translate = ((key: MessageKey, vars?: Vars) => fill(lookup(key) ?? key, vars)) as Translate
  translate.dynamic = (key, fallback, vars) => {
    const text = lookup(key)
    return text === undefined ? fallback : fill(text, vars)
  }
  translate.lang = lang
  return translate
}

/** The dashboard's own i18next instance, in the language the user picked (Settings → Profile → Language). */
export function useT(): Translate {
  const { t, i18n } = useTranslation(NS)
  return useMemo(() => {
    const translate = ((key: MessageKey, vars?: Record<string, string | number>) => t(key, vars ?? {}) as string) as Translate
    translate.dynamic = (key, fallback, vars) => (i18n.exists(key, { ns: NS }) ? (t(key, vars ?? {}) as string) : fallback)
    translate.lang = i18n.language
    return translate
  }, [t, i18n, i18n.language])
}

/** Translations for @medusajs/ui's table pagination ("1 — 20 of 45 results"). */
export function paginationTranslations(t: Translate) {
  return {
    of: t("common.paginationOf"),
    results: t("common.paginationResults"),
    pages: t("common.paginationPages"),
    prev: t("common.paginationPrev"),
    next: t("common.paginationNext"),
  }
}

export function humanize(code: string): string {
  const text = code.replace(/_/g, " ")
  return text.charAt(0).toUpperCase() + text.slice(1)
}

export type StatusKind = "transaction" | "member" | "backfill" | "pull" | "import"

export function statusLabel(t: Translate, kind: StatusKind, status: string): string {
  return t.dynamic(`status.${kind}.${status}`, humanize(status))
}

/** A failure or skip reason code (transactions, member pushes) in words; an unknown code is shown as is. */
export function reasonLabel(t: Translate, code: string | null | undefined): string {
  if (!code) return ""
  const http = /^http_(\d{3})$/.exec(code)
  if (http) return t("reason.http_status", { status: http[1] })
  const smaregi = /^smaregi_(\d+)$/.exec(code)
  if (smaregi) return t("reason.smaregi_error", { code: smaregi[1] })
  return t.dynamic(`reason.${code}`, code)
}
