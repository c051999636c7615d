import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SMAREGI_MODULE } from "../../../../modules/smaregi"
import type SmaregiModuleService from "../../../../modules/smaregi/service"
import { type AdminCreateSmaregiConnectionType, toConnectionInput } from "./validators"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const smaregi: SmaregiModuleService = req.scope.resolve(SMAREGI_MODULE)
  const connections = await smaregi.listPublicConnections()
  res.json({ connections, count: connections.length })
}

export async function POST(req: AuthenticatedMedusaRequest<AdminCreateSmaregiConnectionType>, res: MedusaResponse) {
  const smaregi: SmaregiModuleService = req.scope.resolve(SMAREGI_MODULE)
  const connection = await smaregi.createConnection(toConnectionInput(req.validatedBody))
  res.json({ connection })
}
