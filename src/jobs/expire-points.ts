import type { MedusaContainer } from "@medusajs/framework/types"
import { dailyCronAtJst } from "../smaregi/jst-schedule"
import { expirePointsWorkflow } from "../workflows/points/expire-points"

export default async function expirePointsJob(container: MedusaContainer) {
  await expirePointsWorkflow(container).run({ input: {} })
}

/** Daily at 00:15 JST, whatever the server's time zone. */
export const config = { name: "points-expire-points", schedule: dailyCronAtJst(0, 15) }
