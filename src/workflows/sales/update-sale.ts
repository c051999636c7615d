import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep, updateOrderWorkflow } from "@medusajs/medusa/core-flows"
import { SmaregiEvents } from "../../events"
import { pointsTransaction, setTransactionPointsWorkflow } from "../points/set-transaction-points"
import { saleWorkflowConfig } from "./lib/workflow-config"
import { transactionKey } from "./lib/transaction-row"
import { describeLineChanges } from "../../smaregi/order-diff"
import { METADATA_APPLIED_KEY } from "../../smaregi/order-metadata"
import { applySmaregiOrderEditStep, type AppliedEdit } from "./steps/apply-order-edit"
import { loadSmaregiOrderStep } from "./steps/load-order"
import { loadSmaregiSaleStep } from "./steps/load-sale"
import { planSmaregiUpdateStep, type UpdatePlan } from "./steps/plan-update"
import { recordSmaregiResultStep } from "./steps/record-result"

export type UpdateSaleInput = { transaction_id: string }

/**
 * A sale edited on the register (IN-16): updatable mapped fields and points follow; changed lines and amounts are
 * applied as a Medusa order edit, or need attention (naming why) when the order cannot be edited.
 */
export const updateSmaregiSaleWorkflow = createWorkflow(
  saleWorkflowConfig("smaregi-update-sale"),
  (input: UpdateSaleInput) => {
    const sale = loadSmaregiSaleStep({ transaction_id: input.transaction_id })
    const order = loadSmaregiOrderStep(
      transform({ sale }, ({ sale }) => ({ order_id: sale.order_id, transaction_head_id: sale.transaction_head_id }))
    )
    const planned = planSmaregiUpdateStep({ sale, order, kind: "update" })

    const edit = when("smaregi-update-edits-lines", { planned }, ({ planned }) => planned.attention !== null && planned.applied !== null).then(
      () =>
        applySmaregiOrderEditStep(
          transform({ sale, order, planned }, ({ sale, order, planned }) => ({
            sale,
            order_id: order.id,
            applied_stock: planned.applied!.stock,
          }))
        )
    )
    const plan = transform({ planned, edit }, ({ planned, edit }) => withEdit(planned, edit as AppliedEdit | undefined))

    updateOrderWorkflow.runAsStep({
      input: transform({ order, plan }, ({ order, plan }) => ({
        id: order.id,
        user_id: "smaregi",
        metadata: plan.metadata,
        ...(plan.email ? { email: plan.email } : {}),
      })),
    })

    when("smaregi-update-moves-points", { plan }, ({ plan }) => plan.points.move).then(() => {
      setTransactionPointsWorkflow.runAsStep({
        input: transform({ sale, plan, order }, ({ sale, plan, order }) => ({
          transaction: pointsTransaction(sale, order.id),
          customer_id: plan.points.customer_id!,
          source: transactionKey(sale.connection_id, sale.transaction_head_id),
          spend: plan.points.spend,
          earn: plan.points.earn,
          version: sale.upd_date_time ?? "0",
        })),
      })
    })

    recordSmaregiResultStep(
      transform({ sale, plan }, ({ sale, plan }) => ({
        transaction_id: sale.transaction_id,
        connection_id: sale.connection_id,
        transaction_head_id: sale.transaction_head_id,
        status: plan.attention ? ("needs_attention" as const) : ("updated" as const),
        action: "update",
        applied_upd_date_time: sale.upd_date_time,
        event: plan.attention ? ("needs_attention" as const) : ("updated" as const),
        reason_code: plan.attention ? "lines_changed" : null,
        reason:
          plan.attention ??
          [
            plan.edited.length ? `applied the register's line edit (${plan.edited.join("; ")})` : null,
            plan.diff.fields.length
              ? `updated ${plan.diff.fields.map((f) => f.smaregi).join(", ")}`
              : plan.edited.length
                ? null
                : "no mapped field changed",
          ]
            .filter(Boolean)
            .join("; "),
      }))
    )
    emitEventStep({
      eventName: SmaregiEvents.TRANSACTION_UPDATED,
      data: transform({ sale, order, plan }, ({ sale, order, plan }) => ({
        id: sale.transaction_id,
        connection_id: sale.connection_id,
        transaction_head_id: sale.transaction_head_id,
        order_id: order.id,
        changed_fields: plan.diff.fields.map((f) => f.smaregi),
        needs_attention: plan.attention !== null,
      })),
    })
    return new WorkflowResponse(transform({ order, plan }, ({ order, plan }) => ({ order_id: order.id, attention: plan.attention })))
  }
)

/** The update plan once the order edit ran: applied lines, amounts and stock from the edit, or why it could not. */
function withEdit(planned: UpdatePlan, edit: AppliedEdit | undefined): UpdatePlan & { edited: string[] } {
  if (!edit || !planned.applied) return { ...planned, edited: [] }
  if (edit.kind === "blocked") {
    return {
      ...planned,
      attention: `the register changed the sale's lines or amounts, which could not be applied to the order: ${edit.reason} (${describeLineChanges(planned.diff)})`,
      edited: [],
    }
  }
  const applied = { ...planned.applied, lines: edit.sale.lines, amounts: edit.sale.amounts, stock: edit.stock }
  return {
    ...planned,
    attention: null,
    applied,
    metadata: { ...planned.metadata, [METADATA_APPLIED_KEY]: applied },
    edited: edit.summary.length ? edit.summary : [describeLineChanges(planned.diff)],
  }
}
