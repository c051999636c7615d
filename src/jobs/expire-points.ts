import type { MedusaContainer } from "@medusajs/framework/types"
import { expirePointsWorkflow } from "../workflows/points/expire-points"

export default async function expirePointsJob(container: MedusaContainer) {
  await expirePointsWorkflow(container).run({ input: {} })
}

export const config = { name: "points-expire-points", schedule: "15 0 * * *" }
