// App access tokens of the Platform API (client credentials), cached per contract until shortly before they expire.
import axios, { type AxiosProxyConfig } from "axios"
import { SmaregiApiError, SmaregiTransportError } from "../errors"
import { platformProblemError } from "./problem"

export const PLATFORM_SCOPES = ["pos.transactions:read", "pos.customers:read", "pos.customers:write"] as const

export type StoredToken = { accessToken: string; expiresAt: number; scope: string }

/** Where tokens are shared; a Redis implementation lets every process reuse one token per contract. */
export interface TokenStore {
  get(key: string): Promise<StoredToken | null>
  set(key: string, token: StoredToken): Promise<void>
  delete(key: string): Promise<void>
}

export class InMemoryTokenStore implements TokenStore {
  private readonly tokens = new Map<string, StoredToken>()
  constructor(private readonly now: () => number = Date.now) {}
  async get(key: string): Promise<StoredToken | null> {
    const token = this.tokens.get(key)
    if (token && token.expiresAt <= this.now()) this.tokens.delete(key)
    return token && token.expiresAt > this.now() ? token : null
  }
  async set(key: string, token: StoredToken): Promise<void> {
    this.tokens.set(key, token)
  }
  async delete(key: string): Promise<void> {
    this.tokens.delete(key)
  }
}

export type TokenProviderOptions = {
  idUrl: string
  contractId: string
  clientId: string
  clientSecret: string
  scopes?: readonly string[]
  store?: TokenStore
  /** A cached token is not used within this margin of its expiry (default 60 s). */
  refreshMarginMs?: number
  timeoutMs?: number
  now?: () => number
  proxy?: AxiosProxyConfig | false
}

const OPERATION = "POST /app/{contractId}/token"

export class PlatformTokenProvider {
  readonly contractId: string
  readonly key: string
  private readonly idUrl: string
  private readonly clientId: string
  readonly #clientSecret: string
  private readonly scopes: readonly string[]
  private readonly store: TokenStore
  private readonly marginMs: number
  private readonly timeoutMs: number
  private readonly now: () => number
  private readonly proxy?: AxiosProxyConfig | false
  private inflight: Promise<string> | null = null

  constructor(options: TokenProviderOptions) {
    for (const field of ["idUrl", "contractId", "clientId", "clientSecret"] as const) {
      if (!options[field]) throw new RangeError(`PlatformTokenProvider: ${field} is required`)
    }
    this.idUrl = options.idUrl.replace(/\/+$/, "")
    this.contractId = options.contractId
    this.clientId = options.clientId
    this.#clientSecret = options.clientSecret
    this.scopes = options.scopes ?? PLATFORM_SCOPES
    this.store = options.store ?? new InMemoryTokenStore(options.now)
    this.marginMs = options.refreshMarginMs ?? 60_000
    this.timeoutMs = options.timeoutMs ?? 10_000
    this.now = options.now ?? Date.now
    this.proxy = options.proxy
    // The secret stays out of the key: a changed secret with the same client id may reuse a still valid token.
    this.key = `smaregi:platform:token:${this.idUrl}:${this.contractId}:${this.clientId}:${[...this.scopes].sort().join(" ")}`
  }

  toJSON(): Record<string, unknown> {
    return { idUrl: this.idUrl, contractId: this.contractId, clientId: this.clientId }
  }

  /** A token valid for at least the margin: from the store, or one request shared by every concurrent caller. */
  async getToken(): Promise<string> {
    const cached = await this.store.get(this.key)
    if (cached && cached.expiresAt - this.marginMs > this.now()) return cached.accessToken
    this.inflight ??= this.fetchToken().finally(() => {
      this.inflight = null
    })
    return this.inflight
  }

  /** Drops `token` after the API refused it, unless the store already holds a newer one. */
  async invalidate(token: string): Promise<void> {
    const cached = await this.store.get(this.key)
    if (cached?.accessToken === token) await this.store.delete(this.key)
  }

  private async fetchToken(): Promise<string> {
    const url = `${this.idUrl}/app/${encodeURIComponent(this.contractId)}/token`
    const basic = Buffer.from(`${this.clientId}:${this.#clientSecret}`, "utf8").toString("base64")
    const form = new URLSearchParams({ grant_type: "client_credentials", scope: this.scopes.join(" ") }).toString()
    const requestedAt = this.now()
    let response
    try {
      response = await axios.post<string>(url, form, {
        headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
        responseType: "text",
        transformResponse: [(data: string) => data],
        validateStatus: () => true,
        maxRedirects: 0,
        timeout: this.timeoutMs,
        ...(this.proxy !== undefined ? { proxy: this.proxy } : {}),
      })
    } catch (raw) {
      const err = raw as { name?: string; code?: string; message?: string }
      throw new SmaregiTransportError({
        code: err.code ?? "transport_error",
        message: `${OPERATION}: ${err.message ?? String(raw)}`,
        retryable: true,
        procName: OPERATION,
        attempts: 1,
        cause: { name: err.name ?? "Error", message: err.message ?? String(raw), ...(err.code ? { code: err.code } : {}) },
      })
    }
    let body: unknown
    try {
      body = JSON.parse(response.data)
    } catch {
      body = response.data
    }
    if (response.status === 401) {
      const base = platformProblemError({ status: 401, body, operation: OPERATION })
      throw new SmaregiApiError({
        code: "authentication_failed",
        errorCode: 21,
        message: `${OPERATION}: the client id/secret were refused for contract ${this.contractId} (${base.message.replace(`${OPERATION}: `, "")})`,
        httpStatus: 401,
        retryable: false,
        procName: OPERATION,
      })
    }
    if (response.status < 200 || response.status >= 300) throw platformProblemError({ status: response.status, body, operation: OPERATION })
    const fields = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {}
    const accessToken = fields.access_token
    const expiresIn = Number(fields.expires_in)
    if (typeof accessToken !== "string" || accessToken === "" || !Number.isFinite(expiresIn) || expiresIn <= 0) {
      throw new SmaregiApiError({
        code: "invalid_response",
        errorCode: null,
        message: `${OPERATION}: HTTP ${response.status} without access_token and a positive expires_in`,
        httpStatus: response.status,
        retryable: false,
        procName: OPERATION,
      })
    }
    const token: StoredToken = { accessToken, expiresAt: requestedAt + expiresIn * 1000, scope: typeof fields.scope === "string" ? fields.scope : this.scopes.join(" ") }
    await this.store.set(this.key, token)
    return accessToken
  }
}
