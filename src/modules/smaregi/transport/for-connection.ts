// The one place that picks a connection's API: every workflow reaches Smaregi through what this returns.
import type { SmaregiLogger } from "../../../smaregi/client"
import { SmaregiClient } from "../../../smaregi/client"
import { PLATFORM_RATE_LIMITS } from "../../../smaregi/platform/client"
import type { TokenStore } from "../../../smaregi/platform/token"
import type { ContractRateLimiters } from "../../../smaregi/rate-limiter"
import type { ConnectionCredentials } from "../types"
import { createPlatformTransport, type PlatformConnectionSettings } from "./platform"
import { SmaregiNotConfiguredError, type PlanFeatureGate, type SmaregiTransport } from "./types"
import { V2Transport } from "./v2"

/** What a transport is built from; credentials are decrypted inside the module and never leave it. */
export type TransportConnection =
  | { id: string; api: "v2"; credentials: ConnectionCredentials }
  | { id: string; api: "platform"; settings: PlatformConnectionSettings }

/** Owned by the module instance: every transport of a contract shares its limiters (and, on Platform, its token). */
export type TransportDeps = {
  limiters: ContractRateLimiters
  tokenStore: TokenStore
  logger?: SmaregiLogger
}

/** `planGate`: the connection's record of what its contract's plan lacks (Platform). */
export function transportForConnection(connection: TransportConnection, deps: TransportDeps, planGate?: PlanFeatureGate): SmaregiTransport {
  if (connection.api === "platform") {
    const { contractId, environment } = connection.settings
    const limits = PLATFORM_RATE_LIMITS[environment]
    return createPlatformTransport(connection.settings, {
      tokenStore: deps.tokenStore,
      readLimiter: deps.limiters.for(`${contractId}:read`, limits.read),
      writeLimiter: deps.limiters.for(`${contractId}:write`, limits.write),
      logger: deps.logger,
      planGate,
    })
  }
  const { credentials } = connection
  if (!credentials.contractId || !credentials.accessToken) {
    throw new SmaregiNotConfiguredError(
      `Smaregi connection ${connection.id} has no contract id or access token (set them in Settings › Smaregi)`
    )
  }
  return new V2Transport(
    new SmaregiClient({
      apiUrl: credentials.apiUrl,
      contractId: credentials.contractId,
      accessToken: credentials.accessToken,
      timeoutMs: credentials.timeoutMs,
      rateLimiter: deps.limiters.for(credentials.contractId, credentials.rateLimitPerSecond),
    })
  )
}
