// Reading a Smaregi push request before it is parsed: body text, the agreementId / proc_name
// parameters, and redaction of the agreement secret for storage.

const SECRET_KEYS = ["agreementId", "agreement_id"] as const
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
 * The body as it may be stored: the agreementId parameter's value replaced by `***` in form and JSON
 * bodies, and every other occurrence of the secret (raw or URL-encoded) as well.
 */
export function redactBody(text: string, secret: string | null): string {
  let out = text
  for (const key of SECRET_KEYS) {
    out = out.replace(new RegExp(`(^|&)(${key})=[^&]*`, "g"), `$1$2=${REDACTED}`)
    out = out.replace(new RegExp(`("${key}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, "g"), `$1"${REDACTED}"`)
  }
  return secret ? replaceSecret(out, secret) : out
}

/** The query string values as they may be stored (agreementId values and the secret replaced by `***`). */
export function redactQuery(query: Record<string, unknown> | undefined, secret: string | null): Record<string, unknown> {
  const walk = (value: unknown, key?: string): unknown => {
    if (key !== undefined && (SECRET_KEYS as readonly string[]).includes(key)) return REDACTED
    if (typeof value === "string") return secret ? replaceSecret(value, secret) : value
    if (Array.isArray(value)) return value.map((v) => walk(v))
    if (typeof value === "object" && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]))
    }
    return value
  }
  return walk(query ?? {}) as Record<string, unknown>
}

function replaceSecret(text: string, secret: string): string {
  const forms = new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)])
  let out = text
  for (const form of forms) {
    if (form.length >= 4) out = out.split(form).join(REDACTED)
  }
  return out
}
