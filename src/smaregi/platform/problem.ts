// Platform API errors (problem+json `{type, title, detail, status}`) → the v2 client's SmaregiApiError with the same
// `code`/`errorCode` a v2 failure of the same kind carries, so failure reasons and retry rules stay transport-free.
import { SmaregiApiError, smaregiErrorInfo } from "../errors"

export type PlatformProblem = { type: string | null; title: string | null; detail: string | null; status: number | null }

export type ProblemAnswer = {
  status: number
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown
  operation: string
  attempts?: number
}

/** Reads a problem+json body; an OAuth `{error, error_description}` (the token endpoint) is read the same way. */
export function readProblem(body: unknown): PlatformProblem | null {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return null
  const b = body as Record<string, unknown>
  const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : null)
  const status = typeof b.status === "number" ? b.status : typeof b.status === "string" && /^\d+$/.test(b.status) ? Number(b.status) : null
  const problem = { type: str(b.type), title: str(b.title) ?? str(b.error), detail: str(b.detail) ?? str(b.error_description), status }
  return problem.type || problem.title || problem.detail ? problem : null
}

const ALREADY_EXISTS = /already (exists|registered|in use|used)|duplicate|重複|既に(登録|存在|使用)/i

/** v2 error code of a Platform HTTP status; null when v2 has no such code. */
function v2Code(status: number, problem: PlatformProblem | null): number | null {
  const text = `${problem?.title ?? ""} ${problem?.detail ?? ""}`
  if (status === 409 || ((status === 400 || status === 422) && ALREADY_EXISTS.test(text))) return 42
  if (status === 400 || status === 422) return 41
  if (status === 401) return 13
  if (status === 403) return 23
  return null
}

/** The error to throw for a non-2xx answer; 429, 503 and 5xx are retryable, every 4xx is permanent. */
export function platformProblemError(answer: ProblemAnswer): SmaregiApiError {
  const { status, operation } = answer
  const problem = readProblem(answer.body)
  const errorCode = v2Code(status, problem)
  const known = errorCode !== null ? smaregiErrorInfo(errorCode) : undefined
  const throttled = status === 429 || status === 503
  const code = known?.code ?? (throttled ? "throttled" : status === 404 ? "not_found" : `http_${status}`)
  const raw = typeof answer.body === "string" ? answer.body.slice(0, 200) : ""
  const what = [problem?.title, problem?.detail].filter((s): s is string => s !== null && s !== undefined).join(": ") || raw
  return new SmaregiApiError({
    code,
    errorCode,
    message: `${operation}: HTTP ${status}${what ? `: ${what}` : ""}`,
    description: problem?.type ?? undefined,
    httpStatus: status,
    retryable: throttled || status >= 500 || status === 408,
    procName: operation,
    attempts: answer.attempts,
  })
}
