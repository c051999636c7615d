import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { POINTS_MODULE } from "../../../../modules/points"
import type PointsModuleService from "../../../../modules/points/service"
import type { AdminUpdatePointsSettingsType } from "../validators"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({ settings: await req.scope.resolve<PointsModuleService>(POINTS_MODULE).getSettings() })
}

export async function POST(req: AuthenticatedMedusaRequest<AdminUpdatePointsSettingsType>, res: MedusaResponse) {
  const points = req.scope.resolve<PointsModuleService>(POINTS_MODULE)
  res.json({ settings: await points.updateSettings(req.validatedBody) })
}
