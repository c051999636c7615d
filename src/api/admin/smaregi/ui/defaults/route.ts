import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { parseSettings } from "../../../../../smaregi/settings"

/** Every connection setting at its default, for the admin form's "reset to default" buttons. */
export async function GET(_req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({ settings: parseSettings({}) })
}
