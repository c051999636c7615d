import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SMAREGI_MODULE } from "../../../../../../modules/smaregi"
import type SmaregiModuleService from "../../../../../../modules/smaregi/service"

/** The connection's order field mapping (受注連携項目マッピング) as a JSON file, in the shape `settings.fieldMapping` accepts. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const smaregi: SmaregiModuleService = req.scope.resolve(SMAREGI_MODULE)
  const connection = await smaregi.getPublicConnection(req.params.id)
  res.setHeader("Content-Disposition", `attachment; filename="smaregi-field-mapping-${connection.id}.json"`)
  res.json(connection.settings.fieldMapping)
}
