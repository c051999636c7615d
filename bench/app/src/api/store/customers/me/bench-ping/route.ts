import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"

/** GET /store/customers/me/bench-ping — bench only: the bare authenticated store route (customer auth + key). */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({ customer_id: req.auth_context.actor_id })
}
