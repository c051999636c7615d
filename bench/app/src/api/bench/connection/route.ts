import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { type ConnectionSettingsInput, SMAREGI_MODULE, type SmaregiModuleService } from "../../../lib/plugin"

type ConnectionBody = { id: string; access_token?: string; settings: ConnectionSettingsInput }

/** POST /bench/connection — bench only: changes a connection's settings between phases. */
export async function POST(req: MedusaRequest<ConnectionBody>, res: MedusaResponse) {
  const smaregi = req.scope.resolve<SmaregiModuleService>(SMAREGI_MODULE)
  const { id, access_token, settings } = req.body
  const connection = await smaregi.updateConnection(id, { settings, ...(access_token ? { accessToken: access_token } : {}) })
  res.json({ connection })
}
