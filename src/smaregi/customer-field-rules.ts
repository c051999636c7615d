import type { CustomerField } from "./customer-fields"

type Rule = (value: string) => { value: string } | { error: string }

// 全角カナ85文字以内（半角英数）: full-width katakana, and half-width letters and digits.
const KANA_RE = /^[ァ-ヶー・\u3000 A-Za-z0-9]+$/
const KATAKANA_RE = /^[ァ-ヶー・\u3000 ]+$/
const PRINTABLE_ASCII_RE = /^[\x20-\x7e]+$/
const EMAIL_RE = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/
const DASHES_RE = /[\u2010-\u2015\u2212\u30fc\uff70\ufe63]/g

export function toKatakana(input: string): string {
  return input
    .normalize("NFKC")
    .replace(/[ぁ-ゖ]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60))
    .trim()
}

export function isKatakana(input: string): boolean {
  return KATAKANA_RE.test(input)
}

/** What Smaregi takes in セイ / メイ: full-width katakana (ァ-ヶ, ー, ・, spaces) plus half-width letters and digits. */
export function isSmaregiKana(input: string): boolean {
  return KANA_RE.test(input)
}

const length = (s: string): number => [...s].length

const maxLength =
  (max: number, rule: Rule): Rule =>
  (raw) => {
    const out = rule(raw)
    if ("error" in out) return out
    return length(out.value) > max ? { error: `must be at most ${max} characters, not ${length(out.value)}` } : out
  }

const singleLineText =
  (max: number): Rule =>
  (raw) =>
    maxLength(max, (s) => ({ value: s.replace(/\r\n|[\r\n\t]/g, " ").replace(/ {2,}/g, " ").trim() }))(raw)

const multiLineText =
  (max: number): Rule =>
  (raw) =>
    maxLength(max, (s) => ({ value: s.replace(/\r\n?/g, "\n").trim() }))(raw)

const printableAscii =
  (max: number): Rule =>
  (raw) =>
    maxLength(max, (s) => {
      const value = s.normalize("NFKC").trim()
      return PRINTABLE_ASCII_RE.test(value) ? { value } : { error: "must be printable ASCII" }
    })(raw)

const digitsId =
  (max: number): Rule =>
  (raw) => {
    const value = raw.normalize("NFKC").trim()
    if (!/^\d+$/.test(value)) return { error: "must contain digits only" }
    const stripped = value.replace(/^0+(?=\d)/, "")
    if (stripped.length > max) return { error: `must be at most ${max} digits` }
    if (/^0+$/.test(stripped)) return { error: "must be a positive number" }
    return { value: stripped }
  }

const kana: Rule = (raw) =>
  maxLength(85, (s) => {
    const value = toKatakana(s)
    return isSmaregiKana(value)
      ? { value }
      : { error: "must be full-width katakana (ァ-ヶ, ー, ・, spaces) or half-width letters and digits" }
  })(raw)

const postCode: Rule = (raw) => {
  const value = raw.normalize("NFKC").replace(/^〒/, "").replace(DASHES_RE, "-").replace(/[\s-]/g, "")
  if (!/^\d+$/.test(value)) return { error: "must contain digits only (hyphens are removed)" }
  return value.length > 10 ? { error: "must be at most 10 digits" } : { value }
}

const phone: Rule = (raw) => {
  const value = raw
    .normalize("NFKC")
    .replace(DASHES_RE, "-")
    .replace(/[\s().]/g, "")
  if (!/^\+?[0-9-]+$/.test(value) || !/\d/.test(value)) {
    return { error: "must contain only digits, + and -" }
  }
  return length(value) > 20 ? { error: "must be at most 20 characters" } : { value }
}

const email: Rule = (raw) => {
  const value = raw.normalize("NFKC").trim()
  if (!EMAIL_RE.test(value)) return { error: "must be a valid e-mail address" }
  return value.length > 254 ? { error: "must be at most 254 characters" } : { value }
}

export const pad2 = (n: number): string => String(n).padStart(2, "0")

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

const ISO_WITH_ZONE_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/

// Smaregi date-times are JST without an offset; zoned timestamps are converted.
export function toJstParts(date: Date): [number, number, number, number, number, number] {
  const jst = new Date(date.getTime() + 9 * 3600 * 1000)
  return [
    jst.getUTCFullYear(),
    jst.getUTCMonth() + 1,
    jst.getUTCDate(),
    jst.getUTCHours(),
    jst.getUTCMinutes(),
    jst.getUTCSeconds(),
  ]
}

const date: Rule = (raw) => {
  const value = raw.normalize("NFKC").trim()
  const match = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[T ]\d{1,2}:\d{2}.*)?$/.exec(value)
  if (!match) return { error: "must be a date YYYY-MM-DD" }
  const [y, m, d] = [Number(match[1]), Number(match[3]), Number(match[4])]
  if (!isRealDate(y, m, d)) return { error: "must be a real calendar date" }
  return { value: `${y}-${pad2(m)}-${pad2(d)}` }
}

const dateTime: Rule = (raw) => {
  const value = raw.normalize("NFKC").trim()
  let parts: number[]
  if (ISO_WITH_ZONE_RE.test(value)) {
    const parsed = new Date(value)
    if (Number.isNaN(parsed.getTime())) return { error: "must be a date-time YYYY-MM-DD HH:MM:SS" }
    parts = toJstParts(parsed)
  } else {
    const match = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(value)
    if (!match) return { error: "must be a date-time YYYY-MM-DD HH:MM:SS" }
    parts = [match[1], match[3], match[4], match[5], match[6], match[7]].map((p) => Number(p ?? "0"))
  }
  const [y, m, d, hh, mm, ss] = parts
  if (!isRealDate(y, m, d) || hh > 23 || mm > 59 || ss > 59) {
    return { error: "must be a real date and time" }
  }
  return { value: `${y}-${pad2(m)}-${pad2(d)} ${pad2(hh)}:${pad2(mm)}:${pad2(ss)}` }
}

const integer =
  (opts: { min?: number }): Rule =>
  (raw) => {
    const value = raw.normalize("NFKC").trim()
    if (!/^[-+]?\d+$/.test(value)) return { error: "must be an integer" }
    const n = Number(value)
    if (!Number.isSafeInteger(n)) return { error: "is out of range" }
    if (opts.min !== undefined && n < opts.min) return { error: `must be at least ${opts.min}` }
    return { value: String(n) }
  }

const integerBetween =
  (min: number, max: number): Rule =>
  (raw) => {
    const value = raw.normalize("NFKC").trim()
    const n = /^[-+]?\d+$/.test(value) ? Number(value) : Number.NaN
    if (!Number.isSafeInteger(n) || n < min || n > max) return { error: `must be an integer from ${min} to ${max}` }
    return { value: String(n) }
  }

const nonNegativeNumber: Rule = (raw) => {
  const value = raw.normalize("NFKC").trim()
  if (!/^\d+(\.\d+)?$/.test(value)) return { error: "must be a non-negative number" }
  return { value: String(Number(value)) }
}

const SEX_ALIASES: Record<string, string> = {
  "0": "0",
  "1": "1",
  "2": "2",
  unknown: "0",
  male: "1",
  m: "1",
  female: "2",
  f: "2",
  不明: "0",
  男: "1",
  男性: "1",
  女: "2",
  女性: "2",
}

const sex: Rule = (raw) => {
  const value = SEX_ALIASES[raw.normalize("NFKC").trim().toLowerCase()]
  return value ? { value } : { error: 'must be "0" (unknown), "1" (male) or "2" (female)' }
}

const oneOf =
  (allowed: readonly string[], hint: string): Rule =>
  (raw) => {
    const value = raw.normalize("NFKC").trim()
    return allowed.includes(value) ? { value } : { error: `must be ${hint}` }
  }

const mailReceiveFlag: Rule = (raw) => {
  const value = raw.normalize("NFKC").trim().toLowerCase()
  if (value === "1" || value === "true") return { value: "1" }
  if (value === "0" || value === "false") return { value: "0" }
  return { error: 'must be "0" (refuse) or "1" (accept)' }
}

export const RULES: Record<CustomerField, Rule> = {
  customerId: digitsId(10),
  customerCode: printableAscii(20),
  customerNo: printableAscii(20),
  rank: printableAscii(20),
  staffRank: printableAscii(20),
  lastName: singleLineText(85),
  firstName: singleLineText(85),
  lastKana: kana,
  firstKana: kana,
  postCode,
  address: singleLineText(85),
  phoneNumber: phone,
  faxNumber: phone,
  mobileNumber: phone,
  mailAddress: email,
  mailAddress2: email,
  mailAddress3: email,
  companyName: singleLineText(85),
  departmentName: singleLineText(85),
  managerialPosition: singleLineText(85),
  sex,
  birthDate: date,
  point: integer({ min: 0 }),
  pointExpireDate: date,
  mile: integer({}),
  entryDate: date,
  leaveDate: date,
  lastComeDateTime: dateTime,
  pointGivingUnitPrice: integerBetween(1, 99999),
  pointGivingUnit: nonNegativeNumber,
  mailReceiveFlag,
  note: multiLineText(1000),
  note2: multiLineText(1000),
  status: oneOf(["0", "1", "2", "3", "4"], '"0" (active), "1" (suspended), "2" (lost), "3" (withdrawn) or "4" (merged)'),
  storeId: digitsId(5),
  passportNo: printableAscii(32),
  nationality: singleLineText(85),
  alphabetName: printableAscii(85),
  pinCode: singleLineText(20),
  favoriteList: multiLineText(1000),
  browsingList: multiLineText(1000),
}
