import type { MedusaContainer } from "@medusajs/framework/types"
import { ChangeActionType, ContainerRegistrationKeys, MathBN, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  beginOrderEditOrderWorkflow,
  cancelBeginOrderEditWorkflow,
  confirmOrderEditRequestWorkflow,
  createOrderChangeActionsWorkflow,
  markPaymentCollectionAsPaid,
  orderEditAddNewItemWorkflow,
  orderEditUpdateItemQuantityWorkflow,
  refundPaymentsWorkflow,
  requestOrderEditRequestWorkflow,
} from "@medusajs/medusa/core-flows"
import { type AppliedSale } from "../../../smaregi/order-diff"
import { buildOrderInput, OrderBuildError } from "../../../smaregi/order-input"
import { METADATA_APPLIED_KEY } from "../../../smaregi/order-metadata"
import { itemKey, planOrderEdit, type CurrentOrderItem } from "../../../smaregi/order-edit"
import { SmaregiAmountError } from "../../../smaregi/transaction-amounts"
import { resolveOrderContext } from "../lib/order-context"
import { planStock, readAppliedState, stockDelta, type StockMove } from "../lib/order-input"
import { resolveSaleVariants, variantMap } from "../lib/resolve-variants"
import { STORE_PAYMENT_PROVIDER_ID } from "../import-sale"
import { adjustStock } from "./adjust-stock"
import type { LoadedSale } from "./load-sale"

export type AppliedEdit =
  | { kind: "applied"; sale: AppliedSale; stock: StockMove[]; summary: string[] }
  | { kind: "blocked"; reason: string }

type EditOrder = {
  id: string
  status: string
  shipping_methods?: Array<{ amount: number | string } | null> | null
  items?: Array<{
    id: string
    variant_id: string | null
    quantity: number | string
    unit_price: number | string
    metadata: Record<string, unknown> | null
    detail?: { quantity?: number | string | null; fulfilled_quantity: number | string | null } | null
  } | null> | null
}

async function loadEditOrder(container: MedusaContainer, orderId: string): Promise<EditOrder> {
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "order",
    fields: [
      "id",
      "status",
      "shipping_methods.amount",
      "items.id",
      "items.variant_id",
      "items.quantity",
      "items.unit_price",
      "items.metadata",
      "items.detail.quantity",
      "items.detail.fulfilled_quantity",
    ],
    filters: { id: orderId },
  })
  return (data as EditOrder[])[0]
}

function currentItems(order: EditOrder): CurrentOrderItem[] {
  return (order.items ?? []).flatMap((i) =>
    i
      ? [{
          id: i.id,
          variant_id: i.variant_id,
          // Seen on 2.21.2: with `detail` selected, Query leaves the item's own quantity unset.
          quantity: MathBN.convert(i.quantity ?? i.detail?.quantity ?? 0).toNumber(),
          unit_price: MathBN.convert(i.unit_price).toNumber(),
          fulfilled_quantity: MathBN.convert(i.detail?.fulfilled_quantity ?? 0).toNumber(),
          metadata: i.metadata,
        }]
      : []
  )
}

/**
 * Applies a register edit of the sale's lines (IN-16) as one Medusa order edit: lines re-quantified, re-priced,
 * added and removed, every line's discounts replaced, tax lines as sent; the stock and the store payment follow
 * the difference. When the order cannot be edited (fulfilled lines, changed carriage …) it says why and changes nothing.
 */
export const applySmaregiOrderEditStep = createStep(
  "smaregi-apply-order-edit",
  async (input: { sale: LoadedSale; order_id: string; applied_stock: StockMove[] }, { container }) => {
    const { sale } = input
    const { settings } = sale
    const resolution = await resolveSaleVariants(container, settings, sale.sale_lines)
    if (resolution.problems.length) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, resolution.problems.map((p) => p.message).join("; "))
    }
    let build
    try {
      build = buildOrderInput({ transaction: sale.transaction, saleLines: sale.sale_lines, variants: variantMap(resolution), settings })
    } catch (error) {
      if (error instanceof OrderBuildError || error instanceof SmaregiAmountError) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, error.message)
      }
      throw error
    }
    const before = await loadEditOrder(container, input.order_id)
    const plan = planOrderEdit(
      {
        status: before.status,
        items: currentItems(before),
        shipping_total: (before.shipping_methods ?? []).reduce((s, m) => s + Number(m?.amount ?? 0), 0),
      },
      build
    )
    if (plan.kind === "blocked") return new StepResponse<AppliedEdit>({ kind: "blocked", reason: plan.reason })

    // Inventory off now: no stock moves, and what an earlier import took stays recorded for a cancel to give back.
    let stock: StockMove[] = input.applied_stock
    if (settings.inventoryEnabled) {
      const context = await resolveOrderContext(container, settings, sale.store_id, { needsLocation: true })
      const planned = planStock(build.stock, resolution.variants, context.locationId, sale.store_id)
      if (planned.problems.length) throw new MedusaError(MedusaError.Types.INVALID_DATA, planned.problems.join("; "))
      stock = planned.moves
    }

    const orderId = input.order_id
    await beginOrderEditOrderWorkflow(container).run({ input: { order_id: orderId, created_by: "smaregi" } })
    try {
      if (plan.update.length) {
        await orderEditUpdateItemQuantityWorkflow(container).run({ input: { order_id: orderId, items: plan.update } })
      }
      let previewItems: Array<{ id: string; metadata: Record<string, unknown> | null }> = []
      if (plan.add.length) {
        const { result } = await orderEditAddNewItemWorkflow(container).run({
          input: {
            order_id: orderId,
            items: plan.add.map((item) => ({
              ...(item.variant_id ? { variant_id: item.variant_id } : {}),
              title: item.title,
              quantity: item.quantity,
              unit_price: item.unit_price,
              is_tax_inclusive: item.is_tax_inclusive,
              metadata: item.metadata,
            })) as never,
          },
        })
        previewItems = (result as { items: Array<{ id: string; metadata: Record<string, unknown> | null }> }).items
      }
      const existingIds = new Set(currentItems(before).map((i) => i.id))
      const idByKey: Record<string, string> = { ...plan.kept }
      for (const item of previewItems) {
        const key = itemKey(item.metadata)
        if (key && !existingIds.has(item.id)) idByKey[key] = item.id
      }
      const [change] = (
        await container.resolve(ContainerRegistrationKeys.QUERY).graph({
          entity: "order_change",
          fields: ["id", "version"],
          filters: { order_id: orderId, status: ["pending"] },
        })
      ).data as Array<{ id: string; version: number }>
      await createOrderChangeActionsWorkflow(container).run({
        input: Object.entries(plan.adjustments).map(([key, adjustments]) => ({
          order_change_id: change.id,
          order_id: orderId,
          version: change.version,
          action: ChangeActionType.ITEM_ADJUSTMENTS_REPLACE,
          details: { reference_id: idByKey[key], adjustments },
        })) as never,
      })
      await requestOrderEditRequestWorkflow(container).run({ input: { order_id: orderId, requested_by: "smaregi" } as never })
      await confirmOrderEditRequestWorkflow(container).run({ input: { order_id: orderId, confirmed_by: "smaregi" } })
    } catch (error) {
      await cancelBeginOrderEditWorkflow(container)
        .run({ input: { order_id: orderId } })
        .catch(() => undefined)
      throw error
    }

    const after = await loadEditOrder(container, orderId)
    const items = currentItems(after)
    const orders = container.resolve(Modules.ORDER)
    // The edit asks the store's tax setup for new lines; the register's rates are what the sale was taxed at.
    await orders.setOrderLineItemTaxLines(
      orderId,
      items.flatMap((item) => {
        const key = itemKey(item.metadata)
        return (key ? plan.taxLines[key] ?? [] : []).map((t) => ({ ...t, item_id: item.id }))
      }) as never
    )
    // The register took the stock already (moved below); the edit's reservations would hold it a second time.
    await container.resolve(Modules.INVENTORY).deleteReservationItemsByLineItem(items.map((i) => i.id))
    if (settings.inventoryEnabled) await adjustStock(container, stockDelta(input.applied_stock, stock))
    // Recorded at once: a retry after a later failure compares with this edit and moves no stock twice.
    const [current] = await orders.listOrders({ id: orderId }, { select: ["id", "metadata"] })
    const metadata = (current?.metadata as Record<string, unknown> | null) ?? {}
    const applied = readAppliedState(metadata)
    if (applied) {
      await orders.updateOrders([
        { id: orderId, metadata: { ...metadata, [METADATA_APPLIED_KEY]: { ...applied, lines: build.applied.lines, amounts: build.applied.amounts, stock } } },
      ])
    }
    await settleDifference(container, orderId)
    return new StepResponse<AppliedEdit>({ kind: "applied", sale: build.applied, stock, summary: plan.summary })
  }
)

/** The edit leaves the order's total and its payment apart: pay the new collection, or refund what is now too much. */
async function settleDifference(container: MedusaContainer, orderId: string): Promise<void> {
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "order",
    fields: [
      "id",
      "summary.pending_difference",
      "payment_collections.id",
      "payment_collections.status",
      "payment_collections.payments.id",
      "payment_collections.payments.amount",
      "payment_collections.payments.captured_at",
      "payment_collections.payments.refunds.amount",
    ],
    filters: { id: orderId },
  })
  const order = (data as any[])[0]
  const pending = Number(order?.summary?.pending_difference ?? 0)
  if (pending > 0) {
    const open = (order.payment_collections ?? []).find((c: any) => c?.status === "not_paid")
    if (!open) throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `order ${orderId}: ${pending} yen to pay but no open payment collection`)
    await markPaymentCollectionAsPaid(container).run({
      input: { order_id: orderId, payment_collection_id: open.id, provider_id: STORE_PAYMENT_PROVIDER_ID, captured_by: "smaregi" },
    })
  } else if (pending < 0) {
    let rest = -pending
    const refunds: Array<{ payment_id: string; amount: number; created_by: string }> = []
    for (const c of order.payment_collections ?? []) {
      for (const p of c?.payments ?? []) {
        if (rest <= 0 || !p?.captured_at) continue
        const refunded = (p.refunds ?? []).reduce((s: number, r: any) => s + Number(r?.amount ?? 0), 0)
        const take = Math.min(rest, Number(p.amount) - refunded)
        if (take <= 0) continue
        refunds.push({ payment_id: p.id, amount: take, created_by: "smaregi" })
        rest -= take
      }
    }
    if (refunds.length) await refundPaymentsWorkflow(container).run({ input: refunds })
  }
}
