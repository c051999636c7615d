import type { MedusaContainer } from "@medusajs/framework/types"
import { SmaregiClient } from "../../smaregi/client"
import { sharedRateLimiter } from "../../smaregi/rate-limiter"
import { SMAREGI_MODULE } from "../../modules/smaregi"
import type SmaregiModuleService from "../../modules/smaregi/service"

export class SmaregiNotConfiguredError extends Error {}

/** A Smaregi API client for one connection; every client shares the process-wide rate limiter. */
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
    rateLimiter: sharedRateLimiter(creds.rateLimitPerSecond),
  })
}
