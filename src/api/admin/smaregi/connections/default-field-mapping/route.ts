import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DEFAULT_ORDER_FIELD_MAPPING } from "../../../../../smaregi/settings"

/** The order field mapping shipped with the plugin, as a JSON file. */
export async function GET(_req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.setHeader("Content-Disposition", 'attachment; filename="smaregi-default-field-mapping.json"')
  res.json(DEFAULT_ORDER_FIELD_MAPPING)
}
