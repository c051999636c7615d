import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SMAREGI_MODULE } from "../../../../../modules/smaregi"
import type SmaregiModuleService from "../../../../../modules/smaregi/service"
import { type AdminUpdateSmaregiConnectionType, toConnectionInput } from "../validators"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const smaregi: SmaregiModuleService = req.scope.resolve(SMAREGI_MODULE)
  res.json({ connection: await smaregi.getPublicConnection(req.params.id) })
}

export async function POST(req: AuthenticatedMedusaRequest<AdminUpdateSmaregiConnectionType>, res: MedusaResponse) {
  const smaregi: SmaregiModuleService = req.scope.resolve(SMAREGI_MODULE)
  res.json({ connection: await smaregi.updateConnection(req.params.id, toConnectionInput(req.validatedBody)) })
}

export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const smaregi: SmaregiModuleService = req.scope.resolve(SMAREGI_MODULE)
  const { id } = req.params
  // The soft-deleted row must not keep working credentials.
  await smaregi.updateConnection(id, { agreementSecret: null, accessToken: null, clientSecret: null, webhookSecret: null, enabled: false })
  await smaregi.softDeleteSmaregiConnections([id])
  res.json({ id, object: "smaregi_connection", deleted: true })
}
