import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  createOrderPaymentCollectionWorkflow,
  createOrderWorkflow,
  emitEventStep,
  markPaymentCollectionAsPaid,
} from "@medusajs/medusa/core-flows"
import { SmaregiEvents } from "../../events"
import { pointsTransaction, setTransactionPointsWorkflow } from "../points/set-transaction-points"
import type { SaleCustomer } from "./lib/resolve-customer"
import { transactionKey } from "./lib/transaction-row"
import { consumeSmaregiStockStep } from "./steps/adjust-stock"
import { buildSmaregiOrderStep } from "./steps/build-order"
import { claimSmaregiOrderStep } from "./steps/claim-order"
import type { LoadedSale } from "./steps/load-sale"
import { recordSmaregiResultStep } from "./steps/record-result"
import { saleWorkflowConfig } from "./lib/workflow-config"

export const STORE_PAYMENT_PROVIDER_ID = "pp_store-payment_smaregi"

export type ImportSaleInput = {
  transaction_id: string
  /** resolved by the dispatcher (a policy skip never gets here) */
  customer: Exclude<SaleCustomer, { kind: "skip" | "fail" }>
  /** the sale as loaded under the transaction's lock (loaded again when absent) */
  sale?: LoadedSale
}

/** A new register sale becomes a paid Medusa order (IN-7, IN-11, IN-13, IN-15). */
export const importSmaregiSaleWorkflow = createWorkflow(
  saleWorkflowConfig("smaregi-import-sale"),
  (input: ImportSaleInput) => {
    const prepared = buildSmaregiOrderStep({ transaction_id: input.transaction_id, customer: input.customer, sale: input.sale })
    const sale = transform({ prepared }, ({ prepared }) => prepared.sale)
    const built = transform({ prepared }, ({ prepared }) => prepared.built)

    const order = createOrderWorkflow.runAsStep({ input: transform({ built }, ({ built }) => built.order) })

    claimSmaregiOrderStep(
      transform({ sale, order }, ({ sale, order }) => ({
        transaction_id: sale.transaction_id,
        transaction_head_id: sale.transaction_head_id,
        order_id: order.id,
      }))
    )

    when("smaregi-sale-has-amount", { built }, ({ built }) => built.amounts.total > 0).then(() => {
      const collections = createOrderPaymentCollectionWorkflow.runAsStep({
        input: transform({ order, built }, ({ order, built }) => ({ order_id: order.id, amount: built.amounts.total })),
      })
      markPaymentCollectionAsPaid.runAsStep({
        input: transform({ order, collections }, ({ order, collections }) => ({
          order_id: order.id,
          payment_collection_id: collections[0].id,
          provider_id: STORE_PAYMENT_PROVIDER_ID,
          captured_by: "smaregi",
        })),
      })
    })

    when("smaregi-sale-moves-stock", { built }, ({ built }) => built.stock.length > 0).then(() => {
      consumeSmaregiStockStep(transform({ built, order }, ({ built, order }) => ({ order_id: order.id, moves: built.stock })))
    })

    when("smaregi-sale-moves-points", { built }, ({ built }) => built.points.move).then(() => {
      setTransactionPointsWorkflow.runAsStep({
        input: transform({ sale, built, order }, ({ sale, built, order }) => ({
          transaction: pointsTransaction(sale, order.id),
          customer_id: built.points.customer_id!,
          source: transactionKey(sale.connection_id, sale.transaction_head_id),
          spend: built.points.spend,
          earn: built.points.earn,
          version: sale.upd_date_time ?? "0",
        })),
      })
    })

    recordSmaregiResultStep(
      transform({ sale }, ({ sale }) => ({
        transaction_id: sale.transaction_id,
        connection_id: sale.connection_id,
        transaction_head_id: sale.transaction_head_id,
        status: "imported" as const,
        action: "create",
        applied_upd_date_time: sale.upd_date_time,
        event: "imported" as const,
      }))
    )
    emitEventStep({
      eventName: SmaregiEvents.TRANSACTION_IMPORTED,
      data: transform({ sale, order, built }, ({ sale, order, built }) => ({
        id: sale.transaction_id,
        connection_id: sale.connection_id,
        transaction_head_id: sale.transaction_head_id,
        order_id: order.id,
        total: built.amounts.total,
      })),
    })
    return new WorkflowResponse(transform({ order }, ({ order }) => ({ order_id: order.id })))
  }
)
