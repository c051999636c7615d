import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SMAREGI_MODULE } from "../../../../modules/smaregi"
import type SmaregiModuleService from "../../../../modules/smaregi/service"
import type { AdminListSmaregiRequestsType } from "./validators"

// Bodies can be megabytes: the list leaves them out, GET /admin/smaregi/requests/:id has it.
const REQUEST_LIST_FIELDS = [
  "id",
  "connection_id",
  "outcome",
  "http_status",
  "error_code",
  "error_message",
  "source_ip",
  "content_type",
  "proc_name",
  "params_form",
  "query",
  "body_size",
  "head_count",
  "created_at",
]

/** Raw webhook requests (malformed ones included), newest first. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminListSmaregiRequestsType>, res: MedusaResponse) {
  const smaregi: SmaregiModuleService = req.scope.resolve(SMAREGI_MODULE)
  const { connection_id, outcome, limit, offset } = req.validatedQuery as AdminListSmaregiRequestsType
  const filters: Record<string, unknown> = {}
  if (connection_id) filters.connection_id = connection_id
  if (outcome?.length) filters.outcome = outcome
  const [requests, count] = await smaregi.listAndCountSmaregiRequests(filters, {
    select: REQUEST_LIST_FIELDS,
    order: { created_at: "DESC", id: "DESC" },
    skip: offset,
    take: limit,
  })
  res.json({ requests, count, limit, offset })
}
