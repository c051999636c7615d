import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { cancelOrderWorkflow, emitEventStep, updateOrderWorkflow } from "@medusajs/medusa/core-flows"
import { SmaregiEvents } from "../../events"
import { pointsTransaction, setTransactionPointsWorkflow } from "../points/set-transaction-points"
import { saleWorkflowConfig } from "./lib/workflow-config"
import { readAppliedState } from "./lib/order-input"
import { transactionKey } from "./lib/transaction-row"
import { restoreSmaregiStockStep } from "./steps/adjust-stock"
import { loadSmaregiOrderStep } from "./steps/load-order"
import { loadSmaregiSaleStep } from "./steps/load-sale"
import { planSmaregiUpdateStep } from "./steps/plan-update"
import { recordSmaregiResultStep } from "./steps/record-result"
import { writeSmaregiOrderMetadataStep } from "./steps/write-order-metadata"

export type CancelSaleInput = { transaction_id: string }

/**
 * A sale canceled on the register (取消, IN-16): the order is canceled without notifying the customer
 * (refund through the store payment), consumed stock comes back and the points are reversed.
 */
export const cancelSmaregiSaleWorkflow = createWorkflow(
  saleWorkflowConfig("smaregi-cancel-sale"),
  (input: CancelSaleInput) => {
    const sale = loadSmaregiSaleStep({ transaction_id: input.transaction_id })
    const order = loadSmaregiOrderStep(
      transform({ sale }, ({ sale }) => ({ order_id: sale.order_id, transaction_head_id: sale.transaction_head_id }))
    )
    const plan = planSmaregiUpdateStep({ sale, order, kind: "cancel" })
    const open = transform({ order }, ({ order }) => order.status !== "canceled")

    // The mapped cancelDateTime is written first: Medusa refuses to update a canceled order.
    when("smaregi-cancel-open-order", { open }, ({ open }) => open).then(() => {
      updateOrderWorkflow.runAsStep({
        input: transform({ order, plan }, ({ order, plan }) => ({ id: order.id, user_id: "smaregi", metadata: plan.metadata })),
      })
      cancelOrderWorkflow.runAsStep({
        input: transform({ order }, ({ order }) => ({ order_id: order.id, no_notification: true, canceled_by: "smaregi" })),
      })
    })
    when("smaregi-cancel-canceled-order", { open }, ({ open }) => !open).then(() => {
      writeSmaregiOrderMetadataStep(
        transform({ order, plan }, ({ order, plan }) => ({ order_id: order.id, metadata: plan.metadata, previous: order.metadata }))
      )
    })

    when("smaregi-cancel-returns-stock", { order }, ({ order }) => {
      const applied = readAppliedState(order.metadata)
      return !!applied && applied.stock.length > 0 && !applied.stock_returned
    }).then(() => {
      restoreSmaregiStockStep(transform({ order }, ({ order }) => readAppliedState(order.metadata)?.stock ?? []))
    })

    when("smaregi-cancel-reverses-points", { plan }, ({ plan }) => plan.points.move).then(() => {
      setTransactionPointsWorkflow.runAsStep({
        input: transform({ sale, plan, order }, ({ sale, plan, order }) => ({
          transaction: pointsTransaction(sale, order.id),
          customer_id: plan.points.customer_id!,
          source: transactionKey(sale.connection_id, sale.transaction_head_id),
          spend: 0,
          earn: 0,
          version: sale.upd_date_time ?? "0",
        })),
      })
    })

    recordSmaregiResultStep(
      transform({ sale, open }, ({ sale, open }) => ({
        transaction_id: sale.transaction_id,
        connection_id: sale.connection_id,
        transaction_head_id: sale.transaction_head_id,
        status: "canceled" as const,
        action: "cancel",
        applied_upd_date_time: sale.upd_date_time,
        event: "canceled" as const,
        reason_code: open ? null : "order_already_canceled",
        reason: open
          ? `canceled on the register at ${sale.transaction.head.cancelDateTime ?? "(no cancelDateTime)"}`
          : "the Medusa order was already canceled",
      }))
    )
    emitEventStep({
      eventName: SmaregiEvents.TRANSACTION_CANCELED,
      data: transform({ sale, order }, ({ sale, order }) => ({
        id: sale.transaction_id,
        connection_id: sale.connection_id,
        transaction_head_id: sale.transaction_head_id,
        order_id: order.id,
      })),
    })
    return new WorkflowResponse(transform({ order }, ({ order }) => ({ order_id: order.id })))
  }
)
