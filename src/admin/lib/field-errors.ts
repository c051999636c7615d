/** A refused save, split into messages per field path (e.g. `settings.allowedSources.0`). */
export type FieldErrors = Record<string, string>

const ALIASES: Record<string, string> = {
  agreementSecret: "agreement_secret",
  accessToken: "access_token",
}

function normalisePath(path: string): string {
  const trimmed = path.replace(/^body\./, "")
  const [head, ...rest] = trimmed.split(".")
  return [ALIASES[head] ?? head, ...rest].join(".")
}

/**
 * Reads the API's 400 message — `settings.allowedSources.0: must be …; name: is required` — into
 * field errors. Parts that name no field are kept under `_` so they are still shown.
 */
export function parseFieldErrors(message: string): FieldErrors {
  const out: FieldErrors = {}
  const body = message.replace(/^Invalid request:\s*/i, "")
  for (const raw of body.split(/;\s+/)) {
    const part = raw.trim()
    if (!part) continue
    const named = part.match(/^([A-Za-z_][\w]*(?:\.[\w-]+)*)\s*:\s*(.+)$/s)
    const quoted = named ? null : part.match(/field '([^']+)'/i)
    const path = named ? named[1] : quoted?.[1]
    if (!path) {
      out._ = out._ ? `${out._}; ${part}` : part
      continue
    }
    const key = normalisePath(path)
    const text = named ? named[2] : part
    out[key] = out[key] ? `${out[key]}; ${text}` : text
  }
  return out
}

/** Messages for `path` itself. */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  return errors[path]
}

/** Messages for `path` and everything below it (a list and its rows). */
export function errorsUnder(errors: FieldErrors, path: string): string[] {
  return Object.entries(errors)
    .filter(([key]) => key === path || key.startsWith(`${path}.`))
    .map(([key, text]) => (key === path ? text : `${key.slice(path.length + 1)}: ${text}`))
}
