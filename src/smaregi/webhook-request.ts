// Reading a Smaregi push request before it is parsed: body text, the agreementId / proc_name
// parameters, and redaction of the agreement secret for storage.

const REDACTED = "***"

/** Decodes the body with the charset of its Content-Type (UTF-8 when absent or unknown). */
export function decodeBody(buffer: Uint8Array, contentType: string | null | undefined): string {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? "")?.[1]
  try {
    return new TextDecoder(charset ?? "utf-8").decode(buffer)
  } catch {
    return new TextDecoder("utf-8").decode(buffer)
  }
}

/** The body's top-level fields: a JSON object, or form fields (the first of repeated keys wins). */
export function bodyFields(text: string): Record<string, unknown> {
  const trimmed = text.trim()
  if (trimmed === "") return {}
  if (trimmed.startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(trimmed)
      return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {}
    } catch {
      return {}
    }
  }
  const fields: Record<string, unknown> = {}
  for (const [key, value] of new URLSearchParams(trimmed)) {
    if (!(key in fields)) fields[key] = value
  }
  return fields
}

export type PushParameters = { agreementId: string | null; procName: string | null }

/** agreementId (body first, then query string) and proc_name, read the same way `parseTransactionPush` reads them. */
export function pushParameters(text: string, query: Record<string, unknown> | undefined): PushParameters {
  const form = bodyFields(text)
  const q = query ?? {}
  const pick = (source: Record<string, unknown>, key: string): string | null => {
    const value = source[key]
    const first = Array.isArray(value) ? value.find((v) => typeof v === "string") : value
    return typeof first === "string" && first.trim() !== "" ? first.trim() : null
  }
  const agreementId =
    pick(form, "agreementId") ?? pick(form, "agreement_id") ?? pick(q, "agreementId") ?? pick(q, "agreement_id")
  const procName = pick(form, "proc_name") ?? pick(q, "proc_name")
  return { agreementId, procName }
}

/**
 * The body as it may be stored: every value under an agreementId-like field and every occurrence of the
 * secret replaced by `***`. Fields are read the way the webhook reads them (form pairs percent-decoded, JSON
 * strings unescaped, a JSON value inside a field read again), so no encoding of the name or value survives.
 */
export function redactBody(text: string, secret: string | null): string {
  const out = looksLikeJson(text) ? redactJsonText(text, secret) : redactFormText(text, secret)
  return secret ? replaceSecret(out, secret) : out
}

/** The query string values as they may be stored (agreementId values and the secret replaced by `***`). */
export function redactQuery(query: Record<string, unknown> | undefined, secret: string | null): Record<string, unknown> {
  const walk = (value: unknown, key?: string): unknown => {
    if (key !== undefined && isSecretKey(key)) return REDACTED
    if (typeof value === "string") return redactValue(value, secret)
    if (Array.isArray(value)) return value.map((v) => walk(v))
    if (typeof value === "object" && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]))
    }
    return value
  }
  return walk(query ?? {}) as Record<string, unknown>
}

/** agreementId, agreement_id, AgreementID, agreement-id…: a name that could carry the secret. */
function isSecretKey(name: string): boolean {
  return name.replace(/[^a-z]/gi, "").toLowerCase() === "agreementid"
}

function looksLikeJson(text: string): boolean {
  return /^\s*[[{]/.test(text)
}

/** A decoded field value as it may be stored: a JSON value inside it redacted field by field, the secret replaced. */
function redactValue(value: string, secret: string | null): string {
  const out = looksLikeJson(value) ? redactJsonText(value, secret) : value
  return secret ? out.split(secret).join(REDACTED) : out
}

function redactFormText(text: string, secret: string | null): string {
  return text
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=")
      const rawKey = eq < 0 ? pair : pair.slice(0, eq)
      const decoded = [...new URLSearchParams(pair)][0]
      if (!decoded) return pair
      const [key, value] = decoded
      if (isSecretKey(key)) return `${rawKey}=${REDACTED}`
      const redacted = redactValue(value, secret)
      return redacted === value ? pair : `${rawKey}=${encodeURIComponent(redacted)}`
    })
    .join("&")
}

/**
 * Redacts a JSON text string literal by string literal, so it also works on JSON that does not parse
 * (a malformed push is stored too). A value under a secret-like key is replaced whole, nested or not.
 */
function redactJsonText(text: string, secret: string | null): string {
  let out = ""
  let depth = 0
  let redactNext = false
  let redactAbove: number | null = null
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (c === '"') {
      const end = stringEnd(text, i)
      const literal = text.slice(i, end)
      const decoded = decodeJsonString(literal)
      i = end
      let next = end
      while (next < text.length && /\s/.test(text[next]!)) next++
      if (text[next] === ":") {
        redactNext = isSecretKey(decoded)
        out += secret && decoded.includes(secret) ? JSON.stringify(decoded.split(secret).join(REDACTED)) : literal
        continue
      }
      if (redactNext || redactAbove !== null) {
        redactNext = false
        out += `"${REDACTED}"`
        continue
      }
      const redacted = redactValue(decoded, secret)
      out += redacted === decoded ? literal : JSON.stringify(redacted)
      continue
    }
    if (c === "{" || c === "[") {
      if (redactNext) {
        redactNext = false
        redactAbove ??= depth
      }
      depth++
    } else if (c === "}" || c === "]") {
      depth--
      if (redactAbove !== null && depth <= redactAbove) redactAbove = null
    } else if (redactNext && !/[\s:,]/.test(c)) {
      // A bare number or literal under a secret-like key.
      const bare = /^[^,}\]\s]+/.exec(text.slice(i))![0]
      out += `"${REDACTED}"`
      i += bare.length
      redactNext = false
      continue
    } else if (c === ",") {
      redactNext = false
    }
    out += c
    i++
  }
  return out
}

/** Index just past the string literal starting at `start` (the text's end when it is never closed). */
function stringEnd(text: string, start: number): number {
  for (let j = start + 1; j < text.length; j++) {
    if (text[j] === "\\") j++
    else if (text[j] === '"') return j + 1
  }
  return text.length
}

/** The value of a JSON string literal, leniently: an unknown or broken escape keeps its character. */
function decodeJsonString(literal: string): string {
  const inner = literal.endsWith('"') && literal.length > 1 ? literal.slice(1, -1) : literal.slice(1)
  const simple: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" }
  return inner.replace(/\\(u[0-9a-fA-F]{4}|[\s\S])/g, (_m, escape: string) =>
    escape.length === 5 ? String.fromCharCode(parseInt(escape.slice(1), 16)) : simple[escape] ?? escape
  )
}

function replaceSecret(text: string, secret: string): string {
  const forms = new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)])
  let out = text
  for (const form of forms) {
    if (form.length >= 4) out = out.split(form).join(REDACTED)
  }
  return out
}
