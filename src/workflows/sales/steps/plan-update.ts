import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { describeLineChanges, diffForUpdate, type UpdateDiff } from "../../../smaregi/order-diff"
import { mapOrderFields, METADATA_APPLIED_KEY } from "../../../smaregi/order-metadata"
import { readAppliedState, type AppliedOrderState } from "../lib/order-input"
import type { LoadedSale } from "./load-sale"
import type { SaleOrder } from "./load-order"

export type UpdatePlan = {
  kind: "update" | "cancel"
  /** full metadata to write (current + changed mapped fields + the applied state) */
  metadata: Record<string, unknown>
  email: string | null
  diff: UpdateDiff
  /** why the order cannot follow the update by itself (IN-16), null when it can */
  attention: string | null
  points: { customer_id: string | null; spend: number; earn: number; move: boolean }
  applied: AppliedOrderState | null
}

/**
 * What an update (or a cancel) changes on the order: updatable mapped fields, the applied state and the
 * points. Changed lines or amounts cannot be applied to a placed order here, so they need attention.
 */
export const planSmaregiUpdateStep = createStep(
  "smaregi-plan-update",
  async (input: { sale: LoadedSale; order: SaleOrder; kind: "update" | "cancel" }) => {
    const { sale, order, kind } = input
    const applied = readAppliedState(order.metadata)
    const diff = diffForUpdate(
      { metadata: order.metadata, email: order.email, sale: applied },
      sale.transaction,
      sale.sale_lines,
      sale.settings
    )
    const customerId = applied?.customer_id ?? order.customer_id ?? null
    const move =
      customerId !== null &&
      (kind === "cancel" ? !!applied?.points_moved : sale.settings.pointsOnUpdate && diff.points.changed)
    const points = kind === "cancel" ? { spend: 0, earn: 0 } : { spend: diff.points.spend, earn: diff.points.earn }
    const nextApplied: AppliedOrderState | null = applied && {
      ...applied,
      updDateTime: sale.upd_date_time,
      points: move ? points : applied.points,
      points_moved: applied.points_moved || move,
      stock_returned: kind === "cancel" ? applied.stock.length > 0 || applied.stock_returned : applied.stock_returned,
    }
    // A cancel writes every updatable mapped field, so the mapped cancelDateTime lands on the order.
    const cancelFields = kind === "cancel" ? mapOrderFields(sale.transaction.head, sale.settings.fieldMapping, { updatableOnly: true }).metadata : {}
    const plan: UpdatePlan = {
      kind,
      metadata: {
        ...order.metadata,
        ...diff.metadata,
        ...cancelFields,
        ...(nextApplied ? { [METADATA_APPLIED_KEY]: nextApplied } : {}),
      },
      email: diff.email,
      diff,
      attention:
        kind === "update" && diff.linesChanged
          ? `the register changed the sale's lines or amounts, which a placed order cannot follow automatically: ${describeLineChanges(diff)}`
          : null,
      points: { customer_id: customerId, ...points, move },
      applied: nextApplied,
    }
    return new StepResponse(plan)
  }
)
