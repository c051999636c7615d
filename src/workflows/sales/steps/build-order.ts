import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { buildOrderInput, OrderBuildError, type OrderAmounts } from "../../../smaregi/order-input"
import { SmaregiAmountError } from "../../../smaregi/transaction-amounts"
import { resolveOrderContext } from "../lib/order-context"
import { planStock, saleOrderInput, type SaleOrderInput, type StockMove } from "../lib/order-input"
import type { SaleCustomer } from "../lib/resolve-customer"
import { resolveSaleVariants, variantMap } from "../lib/resolve-variants"
import { loadSale, type LoadedSale } from "./load-sale"

export type BuiltSaleOrder = {
  order: SaleOrderInput
  amounts: OrderAmounts
  stock: StockMove[]
  points: { customer_id: string | null; spend: number; earn: number; move: boolean }
}

/**
 * The inbox row's sale with every line's variant (an unknown product code fails naming it), built into the
 * createOrderWorkflow input with its stock plan and point movement. One step: none of it writes anything.
 */
export const buildSmaregiOrderStep = createStep(
  "smaregi-build-order",
  async (input: { transaction_id: string; customer: SaleCustomer; sale?: LoadedSale }, { container }) => {
    // The dispatcher hands over the sale it loaded under the transaction's lock; other callers load it here.
    const sale = input.sale ?? (await loadSale(container, input.transaction_id))
    const { settings } = sale
    const resolution = await resolveSaleVariants(container, settings, sale.sale_lines)
    if (resolution.problems.length) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, resolution.problems.map((p) => p.message).join("; "))
    }
    let build
    try {
      build = buildOrderInput({
        transaction: sale.transaction,
        saleLines: sale.sale_lines,
        variants: variantMap(resolution),
        settings,
      })
    } catch (error) {
      if (error instanceof OrderBuildError || error instanceof SmaregiAmountError) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, error.message)
      }
      throw error
    }
    const context = await resolveOrderContext(container, settings, sale.store_id, { needsLocation: settings.inventoryEnabled })
    const stock = settings.inventoryEnabled
      ? planStock(build.stock, resolution.variants, context.locationId, sale.store_id)
      : { moves: [], problems: [] }
    if (stock.problems.length) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, stock.problems.join("; "))
    }
    const { customer } = input
    const customerId = customer.kind === "member" ? customer.customerId : null
    const move = settings.pointsOnCreate && customerId !== null
    const order = saleOrderInput({
      build,
      context,
      customer,
      applied: {
        ...build.applied,
        transaction_id: sale.transaction_id,
        connection_id: sale.connection_id,
        customer_id: customerId,
        stock: stock.moves,
        stock_returned: false,
        points_moved: move,
      },
    })
    const built: BuiltSaleOrder = {
      order,
      amounts: build.amounts,
      stock: stock.moves,
      points: { customer_id: customerId, ...build.points, move },
    }
    return new StepResponse<{ sale: LoadedSale; built: BuiltSaleOrder }>({ sale, built })
  }
)
