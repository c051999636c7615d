import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SMAREGI_MODULE, type SmaregiModuleService } from "../../../lib/plugin"

type MemberBody = { connection_id: string; customer_id: string; smaregi_customer_id: string; customer_code: string }

/** POST /bench/member — bench only: marks a customer as a synced Smaregi member (for the barcode route). */
export async function POST(req: MedusaRequest<MemberBody>, res: MedusaResponse) {
  const smaregi = req.scope.resolve<SmaregiModuleService>(SMAREGI_MODULE)
  const [member] = await smaregi.createSmaregiMembers([{ ...req.body, status: "synced" as const, last_synced_at: new Date() }])
  res.json({ member_id: member.id })
}
