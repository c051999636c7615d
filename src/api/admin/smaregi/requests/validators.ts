import { z } from "@medusajs/framework/zod"
import { listOf, paginationFields } from "../transactions/validators"

export const AdminListSmaregiRequests = z.object({
  connection_id: z.string().trim().min(1).optional(),
  outcome: listOf("outcome", ["accepted", "malformed"] as const).optional(),
  ...paginationFields,
})
export type AdminListSmaregiRequestsType = z.infer<typeof AdminListSmaregiRequests>
