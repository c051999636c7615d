import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { SmaregiEvents } from "../../events"
import { pointsTransaction, setTransactionPointsWorkflow } from "../points/set-transaction-points"
import { STORE_PAYMENT_PROVIDER_ID } from "./import-sale"
import { saleWorkflowConfig } from "./lib/workflow-config"
import { readAppliedState } from "./lib/order-input"
import { transactionKey } from "./lib/transaction-row"
import { consumeSmaregiStockStep } from "./steps/adjust-stock"
import { ensureSmaregiOrderPaidStep } from "./steps/ensure-order-paid"
import { loadSmaregiOrderStep } from "./steps/load-order"
import { loadSmaregiSaleStep } from "./steps/load-sale"
import { recordSmaregiResultStep } from "./steps/record-result"

export type ResumeSaleInput = { transaction_id: string }

/**
 * Finishes an import whose run died after claiming its order (IN-5): each effect is checked before it is
 * applied, from the state the import wrote on the order (`smaregi_applied`), so running it again is harmless.
 */
export const resumeSmaregiSaleWorkflow = createWorkflow(
  saleWorkflowConfig("smaregi-resume-sale"),
  (input: ResumeSaleInput) => {
    const sale = loadSmaregiSaleStep({ transaction_id: input.transaction_id })
    const order = loadSmaregiOrderStep(
      transform({ sale }, ({ sale }) => ({ order_id: sale.order_id, transaction_head_id: sale.transaction_head_id }))
    )
    const applied = transform({ order }, ({ order }) => {
      const state = readAppliedState(order.metadata)
      return {
        stock: state?.stock ?? [],
        total: state?.amounts.total ?? 0,
        customer_id: state?.customer_id ?? null,
        points: state?.points ?? { spend: 0, earn: 0 },
        points_moved: !!state?.points_moved && !!state?.customer_id,
        upd_date_time: state ? state.updDateTime : null,
      }
    })

    ensureSmaregiOrderPaidStep(
      transform({ order, applied }, ({ order, applied }) => ({
        order_id: order.id,
        amount: applied.total,
        provider_id: STORE_PAYMENT_PROVIDER_ID,
      }))
    )
    consumeSmaregiStockStep(transform({ order, applied }, ({ order, applied }) => ({ order_id: order.id, moves: applied.stock })))

    when("smaregi-resume-moves-points", { applied }, ({ applied }) => applied.points_moved).then(() => {
      setTransactionPointsWorkflow.runAsStep({
        input: transform({ sale, applied, order }, ({ sale, applied, order }) => ({
          transaction: pointsTransaction(sale, order.id),
          customer_id: applied.customer_id!,
          source: transactionKey(sale.connection_id, sale.transaction_head_id),
          spend: applied.points.spend,
          earn: applied.points.earn,
          version: applied.upd_date_time ?? sale.upd_date_time ?? "0",
        })),
      })
    })

    // The order's own version is what was applied: newer data on the row is an update for the next run.
    recordSmaregiResultStep(
      transform({ sale, applied }, ({ sale, applied }) => ({
        transaction_id: sale.transaction_id,
        connection_id: sale.connection_id,
        transaction_head_id: sale.transaction_head_id,
        status: "imported" as const,
        action: "create",
        applied_upd_date_time: applied.upd_date_time ?? sale.upd_date_time,
        event: "imported" as const,
        reason: "import resumed after an interrupted run",
      }))
    )
    emitEventStep({
      eventName: SmaregiEvents.TRANSACTION_IMPORTED,
      data: transform({ sale, order, applied }, ({ sale, order, applied }) => ({
        id: sale.transaction_id,
        connection_id: sale.connection_id,
        transaction_head_id: sale.transaction_head_id,
        order_id: order.id,
        total: applied.total,
        resumed: true,
      })),
    })
    return new WorkflowResponse(transform({ order }, ({ order }) => ({ order_id: order.id })))
  }
)
