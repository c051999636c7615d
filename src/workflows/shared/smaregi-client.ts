import type { MedusaContainer } from "@medusajs/framework/types"
import { SmaregiClient } from "../../smaregi/client"
import { SMAREGI_MODULE } from "../../modules/smaregi"
import type SmaregiModuleService from "../../modules/smaregi/service"
import { smaregiRateLimiter } from "./rate-limiter"

export class SmaregiNotConfiguredError extends Error {}

/** A Smaregi API client for one connection; every client of a contract shares one rate limiter. */
export async function smaregiClientFor(container: MedusaContainer, connectionId: string): Promise<SmaregiClient> {
  const smaregi: SmaregiModuleService = container.resolve(SMAREGI_MODULE)
  const creds = await smaregi.getConnectionCredentials(connectionId)
  if (!creds.contractId || !creds.accessToken) {
    throw new SmaregiNotConfiguredError(
      `Smaregi connection ${connectionId} has no contract id or access token (set them in Settings › Smaregi)`
    )
  }
  return new SmaregiClient({
    apiUrl: creds.apiUrl,
    contractId: creds.contractId,
    accessToken: creds.accessToken,
    timeoutMs: creds.timeoutMs,
    rateLimiter: smaregiRateLimiter(creds.rateLimitPerSecond),
  })
}
