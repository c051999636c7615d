import type { MedusaContainer } from "@medusajs/framework/types"
import { dailyCronAtJst } from "../smaregi/jst-schedule"
import { recomputeRanksWorkflow } from "../workflows/points/recompute-ranks"

export default async function recomputeRanksJob(container: MedusaContainer) {
  await recomputeRanksWorkflow(container).run({ input: {} })
}

/** Daily at 00:30 JST, whatever the server's time zone. */
export const config = { name: "points-recompute-ranks", schedule: dailyCronAtJst(0, 30) }
