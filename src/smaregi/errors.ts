/**
 * Smaregi v2 error codes. Codes are M confidence; the Japanese texts are typical
 * messages (the fake server uses them), real ones are surfaced verbatim.
 */
export const SMAREGI_ERROR_CODES = {
  11: { code: "invalid_request", ja: "リクエストデータが不正です。", en: "invalid request data" },
  13: { code: "invalid_access_token", ja: "アクセストークンが無効です。", en: "invalid access token" },
  14: { code: "invalid_contract_id", ja: "契約IDが無効です。", en: "invalid contract id" },
  15: { code: "invalid_proc_name", ja: "proc_nameが不正です。", en: "invalid proc_name" },
  21: { code: "authentication_failed", ja: "認証に失敗しました。", en: "authentication failed" },
  22: { code: "account_locked", ja: "アカウントがロックされています。", en: "account locked" },
  23: { code: "function_disabled", ja: "この機能は利用できません。", en: "function disabled" },
  24: { code: "ip_not_allowed", ja: "許可されていないIPアドレスです。", en: "IP address not allowed" },
  31: { code: "invalid_table_name", ja: "table_nameが不正です。", en: "invalid table_name" },
  32: { code: "invalid_proc_division", ja: "proc_divisionが不正です。", en: "invalid proc_division" },
  33: { code: "invalid_proc_detail_division", ja: "proc_detail_divisionが不正です。", en: "invalid proc_detail_division" },
  41: { code: "invalid_input", ja: "入力値が不正です。", en: "invalid input" },
  42: { code: "already_exists", ja: "既に登録されています。", en: "already exists" },
  43: { code: "extraction_failed", ja: "データの抽出に失敗しました。", en: "extraction failed" },
} as const satisfies Record<number, { code: string; ja: string; en: string }>

export type SmaregiErrorCode = keyof typeof SMAREGI_ERROR_CODES

export function smaregiErrorInfo(errorCode: number): { code: string; ja: string; en: string } | undefined {
  return (SMAREGI_ERROR_CODES as Record<number, { code: string; ja: string; en: string }>)[errorCode]
}

/** 1x–4x codes are permanent until someone changes configuration or data. */
export function isPermanentSmaregiCode(errorCode: number): boolean {
  return errorCode >= 10 && errorCode <= 49
}

export type SmaregiApiErrorInit = {
  code: string
  errorCode: number | null
  message: string
  description?: string
  httpStatus: number
  retryable: boolean
  procName: string
  attempts?: number
}

/** Smaregi answered, but not with a result: an error body, an unexpected status or an unreadable body. */
export class SmaregiApiError extends Error {
  override readonly name = "SmaregiApiError"
  readonly code: string
  readonly errorCode: number | null
  readonly description?: string
  readonly httpStatus: number
  readonly retryable: boolean
  readonly procName: string
  attempts: number

  constructor(init: SmaregiApiErrorInit) {
    super(init.message)
    this.code = init.code
    this.errorCode = init.errorCode
    this.description = init.description
    this.httpStatus = init.httpStatus
    this.retryable = init.retryable
    this.procName = init.procName
    this.attempts = init.attempts ?? 1
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      errorCode: this.errorCode,
      message: this.message,
      description: this.description,
      httpStatus: this.httpStatus,
      retryable: this.retryable,
      procName: this.procName,
      attempts: this.attempts,
    }
  }
}

export type TransportCause = { name: string; code?: string; message: string }

/** No answer from Smaregi: connection refused/reset, timeout, DNS, TLS. */
export class SmaregiTransportError extends Error {
  override readonly name = "SmaregiTransportError"
  readonly code: string
  readonly retryable: boolean
  readonly procName: string
  readonly attempts: number
  // A sanitised copy: the raw axios error holds the request headers, including the access token.
  readonly cause: TransportCause

  constructor(init: { code: string; message: string; retryable: boolean; procName: string; attempts: number; cause: TransportCause }) {
    super(init.message)
    this.code = init.code
    this.retryable = init.retryable
    this.procName = init.procName
    this.attempts = init.attempts
    this.cause = init.cause
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      procName: this.procName,
      attempts: this.attempts,
      cause: this.cause,
    }
  }
}

export type SmaregiError = SmaregiApiError | SmaregiTransportError

export function isSmaregiError(error: unknown): error is SmaregiError {
  return error instanceof SmaregiApiError || error instanceof SmaregiTransportError
}
