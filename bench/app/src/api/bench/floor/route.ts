import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/** POST /bench/floor — the platform's floor: a bare Medusa route (default body parser) that inserts one row. */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const pg = req.scope.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const [row] = await pg("bench_floor").insert({ body: JSON.stringify(req.body ?? null) }).returning("id")
  res.json({ id: row.id })
}
