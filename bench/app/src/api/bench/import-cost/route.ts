import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import {
  createOrderPaymentCollectionWorkflow,
  createOrderWorkflow,
  markPaymentCollectionAsPaid,
} from "@medusajs/medusa/core-flows"
import { elapsedMs } from "../../../lib/timing"
import {
  previewSmaregiOrder,
  processSmaregiTransactionWorkflow,
  SMAREGI_MODULE,
  type SmaregiModuleService,
  type SmaregiTransaction,
  STORE_PAYMENT_PROVIDER_ID,
} from "../../../lib/plugin"

type ImportCostBody = { kind: "ours" | "bare"; connection_id: string; transaction: SmaregiTransaction }

/**
 * POST /bench/import-cost — bench only: imports one sale and answers the wall time of the import alone.
 * `ours`: the sale is stored in the inbox (untimed), then processSmaregiTransactionWorkflow runs (timed).
 * `bare`: the order input our builder makes for the sale is computed (untimed), then Medusa's own
 * createOrderWorkflow + createOrderPaymentCollectionWorkflow + markPaymentCollectionAsPaid run (timed).
 */
export async function POST(req: MedusaRequest<ImportCostBody>, res: MedusaResponse) {
  const { kind, connection_id, transaction } = req.body
  const container = req.scope
  if (kind === "ours") {
    const smaregi = container.resolve<SmaregiModuleService>(SMAREGI_MODULE)
    const { deliveries } = await smaregi.recordSmaregiPush({
      request: { httpStatus: 200, sourceIp: "127.0.0.1", contentType: "application/json", procName: "transaction_send", bodySize: 0 },
      connectionId: connection_id,
      transactions: [transaction],
    })
    const start = process.hrtime.bigint()
    const { result } = await processSmaregiTransactionWorkflow(container).run({
      input: { transaction_id: deliveries[0].transactionId, delivered_upd_date_time: deliveries[0].updDateTime },
    })
    const ms = elapsedMs(start)
    res.json({ ms, status: result.status, order_id: result.order_id, reason: result.reason })
    return
  }

  const preview = await previewSmaregiOrder(container, connection_id, { transactions: [transaction] })
  const head = preview.transactions[0]
  if (!head.order || !head.amounts || head.outcome !== "create_order") {
    res.status(422).json({ message: `sale ${transaction.head.transactionHeadId} would not import: ${head.errors.join("; ")}` })
    return
  }
  const start = process.hrtime.bigint()
  const { result: order } = await createOrderWorkflow(container).run({ input: head.order })
  const created = elapsedMs(start)
  const { result: collections } = await createOrderPaymentCollectionWorkflow(container).run({
    input: { order_id: order.id, amount: head.amounts.total },
  })
  const collected = elapsedMs(start)
  await markPaymentCollectionAsPaid(container).run({
    input: { order_id: order.id, payment_collection_id: collections[0].id, provider_id: STORE_PAYMENT_PROVIDER_ID, captured_by: "smaregi" },
  })
  const ms = elapsedMs(start)
  res.json({
    ms,
    status: "imported",
    order_id: order.id,
    reason: null,
    parts: { create_order: created, payment_collection: collected - created, mark_paid: ms - collected },
  })
}
