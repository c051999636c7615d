import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { SMAREGI_MODULE } from "../../../../../../modules/smaregi"
import type SmaregiModuleService from "../../../../../../modules/smaregi/service"
import { BARCODE_TYPES, BarcodeInputError, renderBarcodeSvg } from "../../../../../../smaregi/barcode"

const query = z.object({
  type: z.enum(BARCODE_TYPES, { message: `must be one of ${BARCODE_TYPES.join(", ")}` }).optional(),
  connection_id: z.string().min(1).optional(),
})

type MemberRow = {
  id: string
  connection_id: string
  customer_code: string
  status: string
  last_synced_at: Date | string | null
}

// The register can only resolve a code Smaregi already knows, so a synced member wins over a pending one.
function pickMember(members: MemberRow[]): MemberRow | null {
  const usable = members.filter((m) => !!m.customer_code && !["withdrawn", "deleted", "link_pending"].includes(m.status))
  return usable.find((m) => m.status === "synced" || !!m.last_synced_at) ?? usable[0] ?? null
}

/** The member barcode of a customer as shown on the storefront, for the admin customer page (BAR-3). */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const parsed = query.safeParse(req.query)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    res.status(400).json({ type: "invalid_data", message: `${String(issue.path[0] ?? "query")}: ${issue.message}` })
    return
  }
  const smaregi = req.scope.resolve<SmaregiModuleService>(SMAREGI_MODULE)
  const members = (await smaregi.listSmaregiMembers(
    { customer_id: req.params.customer_id, ...(parsed.data.connection_id ? { connection_id: parsed.data.connection_id } : {}) },
    { order: { created_at: "DESC" } }
  )) as unknown as MemberRow[]
  const member = pickMember(members)
  if (!member) {
    res.status(404).json({ type: "not_found", message: "This customer has no Smaregi member code yet." })
    return
  }
  const type = parsed.data.type ?? "code128"
  try {
    const svg = renderBarcodeSvg(member.customer_code, { type })
    res.json({
      code: member.customer_code,
      type,
      svg,
      member_id: member.id,
      connection_id: member.connection_id,
      status: member.status,
      scannable: member.status === "synced" || !!member.last_synced_at,
    })
  } catch (e) {
    if (!(e instanceof BarcodeInputError)) throw e
    res.status(400).json({ type: "invalid_data", message: `${e.parameter}: ${e.message}` })
  }
}
