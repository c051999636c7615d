import type { MedusaContainer } from "@medusajs/framework/types"
import { recomputeRanksWorkflow } from "../workflows/points/recompute-ranks"

export default async function recomputeRanksJob(container: MedusaContainer) {
  await recomputeRanksWorkflow(container).run({ input: {} })
}

export const config = { name: "points-recompute-ranks", schedule: "30 0 * * *" }
