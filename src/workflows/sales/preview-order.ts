import type { MedusaContainer } from "@medusajs/framework/types"
import type { HeadPreview as HeadPreviewOf, OrderPreview as OrderPreviewOf, PreviewLine } from "../../smaregi/admin-types"
import { classify, detailKind } from "../../smaregi/classify"
import { buildOrderInput, OrderBuildError, type OrderAmounts } from "../../smaregi/order-input"
import type { ParsedPush } from "../../smaregi/push-parser"
import type { SmaregiTransaction } from "../../smaregi/transaction-schema"
import { SmaregiAmountError } from "../../smaregi/transaction-amounts"
import { knownFromRow } from "./lib/decide"
import { resolveOrderContext } from "./lib/order-context"
import { planStock, saleOrderInput, type SaleOrderInput, type StockMove } from "./lib/order-input"
import { resolveSaleCustomer, type SaleCustomer } from "./lib/resolve-customer"
import { resolveSaleVariants, variantMap } from "./lib/resolve-variants"
import { findTransactionRow, loadConnection, type SaleConnection } from "./lib/transaction-row"

export type { PreviewLine }
export type HeadPreview = HeadPreviewOf<SaleCustomer, SaleOrderInput, OrderAmounts, StockMove>
export type OrderPreview = OrderPreviewOf<HeadPreview>

/** Dry run (ADM-2): what each head of a push would become, resolved against the store. Writes nothing. */
export async function previewSmaregiOrder(
  container: MedusaContainer,
  connectionId: string,
  parsedPush: Pick<ParsedPush, "transactions">
): Promise<OrderPreview> {
  const connection = await loadConnection(container, connectionId)
  const transactions: HeadPreview[] = []
  for (const tx of parsedPush.transactions) {
    transactions.push(await previewHead(container, connection, tx))
  }
  return { connection_id: connectionId, transactions }
}

async function previewHead(container: MedusaContainer, connection: SaleConnection, tx: SmaregiTransaction): Promise<HeadPreview> {
  const { settings } = connection
  const row = await findTransactionRow(container, connection.id, tx.head.transactionHeadId)
  const base: HeadPreview = {
    transaction_head_id: tx.head.transactionHeadId,
    upd_date_time: tx.head.updDateTime ?? null,
    existing: row
      ? { id: row.id, status: row.status, order_id: row.order_id, applied_upd_date_time: row.applied_upd_date_time }
      : null,
    classification: { action: "skip", reason_code: null, message: null },
    outcome: "skip",
    customer: null,
    lines: [],
    order: null,
    amounts: null,
    points: null,
    stock: [],
    errors: [],
  }
  if (!settings.importEnabled) {
    base.classification = {
      action: "skip",
      reason_code: "import_disabled",
      message: "sales import is switched off for this connection (importEnabled = false)",
    }
    return base
  }
  const result = classify(tx, knownFromRow(row), { mode: settings.mode, importTarget: settings.importTarget })
  base.classification = {
    action: result.action,
    reason_code: result.action === "skip" ? result.reasonCode : null,
    message: result.action === "skip" ? result.message : null,
  }
  base.lines = result.saleLines.map((d) => ({
    transaction_detail_id: d.transactionDetailId,
    kind: detailKind(d) === "department" ? "department" : detailKind(d) === null ? "unknown" : "product",
    category_name: d.categoryName ?? null,
    product_code: d.productCode ?? null,
    product_name: d.productName ?? null,
    color: d.color ?? null,
    size: d.size ?? null,
    quantity: d.quantity ?? null,
    variant_id: null,
    sku: null,
    product_title: null,
    variant_title: null,
    problem: null,
  }))
  if (result.action === "skip") return base
  if (result.action === "cancel") {
    base.outcome = "cancel_order"
    return base
  }

  const customer = await resolveSaleCustomer(container, connection.id, tx.head, settings)
  base.customer = customer
  if (customer.kind === "skip") {
    base.classification = { action: "skip", reason_code: customer.reasonCode, message: customer.message }
    return base
  }
  if (customer.kind === "fail") {
    base.outcome = "fail"
    base.errors.push(customer.message)
    return base
  }
  const resolution = await resolveSaleVariants(container, settings, result.saleLines)
  for (const line of base.lines) {
    const v = resolution.variants[line.transaction_detail_id]
    const problem = resolution.problems.find((p) => p.detailId === line.transaction_detail_id)
    Object.assign(line, {
      variant_id: v?.variantId ?? null,
      sku: v?.sku ?? null,
      product_title: v?.productTitle ?? null,
      variant_title: v?.variantTitle ?? null,
      problem: problem?.message ?? null,
    })
  }
  base.errors.push(...resolution.problems.map((p) => p.message))
  base.outcome = result.action === "update" ? "update_order" : "create_order"
  if (resolution.problems.length) {
    base.outcome = "fail"
    return base
  }

  try {
    const build = buildOrderInput({ transaction: tx, saleLines: result.saleLines, variants: variantMap(resolution), settings })
    const context = await resolveOrderContext(container, settings, tx.head.storeId ?? null)
    const stock = settings.inventoryEnabled
      ? planStock(build.stock, resolution.variants, context.locationId, tx.head.storeId ?? null)
      : { moves: [], problems: [] }
    const pointsMove = settings.pointsOnCreate && customer.kind === "member"
    base.amounts = build.amounts
    base.stock = stock.moves
    base.points = { ...build.points, would_move: pointsMove }
    base.errors.push(...stock.problems)
    base.order = saleOrderInput({
      build,
      context,
      customer,
      applied: {
        ...build.applied,
        transaction_id: row?.id ?? "(not stored)",
        connection_id: connection.id,
        customer_id: customer.kind === "member" ? customer.customerId : null,
        stock: stock.moves,
        stock_returned: false,
        points_moved: pointsMove,
      },
    })
    if (stock.problems.length) base.outcome = "fail"
  } catch (error) {
    if (!(error instanceof OrderBuildError || error instanceof SmaregiAmountError)) throw error
    base.errors.push(error.message)
    base.outcome = "fail"
  }
  return base
}
