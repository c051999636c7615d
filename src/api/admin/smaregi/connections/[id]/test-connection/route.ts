// Not named "test": `medusa plugin:build` leaves out every path with a "test" segment (src/__tests__/build-paths.unit.spec.ts).
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { SMAREGI_MODULE } from "../../../../../../modules/smaregi"
import type SmaregiModuleService from "../../../../../../modules/smaregi/service"
import { SmaregiApiError, SmaregiTransportError } from "../../../../../../smaregi/errors"
import { SmaregiNotConfiguredError } from "../../../../../../modules/smaregi/transport/types"

export type SmaregiConnectionTestResult =
  | { ok: true; total_count: number }
  | { ok: false; error_code: string; smaregi_error_code?: number | null; message: string }

/**
 * The settings page's "Test connection": the transport's ping (on API v2 one customer_ref call with limit 1). When it
 * works, plan features refused earlier are asked again at their next use (the merchant may have changed plans).
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse<SmaregiConnectionTestResult>) {
  const smaregi: SmaregiModuleService = req.scope.resolve(SMAREGI_MODULE)
  await smaregi.getPublicConnection(req.params.id)
  res.json(await testConnection(req.scope, req.params.id))
}

async function testConnection(container: MedusaContainer, connectionId: string): Promise<SmaregiConnectionTestResult> {
  try {
    const smaregi: SmaregiModuleService = container.resolve(SMAREGI_MODULE)
    const { memberCount } = await (await smaregi.transportFor(connectionId)).ping()
    await smaregi.recheckPlanFeatures(connectionId)
    return { ok: true, total_count: memberCount }
  } catch (e) {
    if (e instanceof SmaregiNotConfiguredError) return { ok: false, error_code: "not_configured", message: e.message }
    if (e instanceof SmaregiApiError) {
      return { ok: false, error_code: e.code, smaregi_error_code: e.errorCode, message: e.message }
    }
    if (e instanceof SmaregiTransportError) return { ok: false, error_code: e.code, message: e.message }
    throw e
  }
}
