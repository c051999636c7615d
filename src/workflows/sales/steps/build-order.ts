import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { buildOrderInput, OrderBuildError, type OrderAmounts } from "../../../smaregi/order-builder"
import { SmaregiAmountError } from "../../../smaregi/transaction-amounts"
import { resolveOrderContext } from "../lib/order-context"
import { planStock, saleOrderInput, type SaleOrderInput, type StockMove } from "../lib/order-input"
import type { SaleCustomer } from "../lib/resolve-customer"
import { variantMap, type ResolvedSaleVariant } from "../lib/resolve-variants"
import type { LoadedSale } from "./load-sale"

export type BuiltSaleOrder = {
  order: SaleOrderInput
  amounts: OrderAmounts
  stock: StockMove[]
  points: { customer_id: string | null; spend: number; earn: number; move: boolean }
}

/** The createOrderWorkflow input of a sale, with its stock plan and point movement. */
export const buildSmaregiOrderStep = createStep(
  "smaregi-build-order",
  async (
    input: { sale: LoadedSale; variants: Record<string, ResolvedSaleVariant>; customer: SaleCustomer },
    { container }
  ) => {
    const { sale, variants, customer } = input
    const { settings } = sale
    let build
    try {
      build = buildOrderInput({
        transaction: sale.transaction,
        saleLines: sale.sale_lines,
        variants: variantMap({ variants, problems: [] }),
        settings,
      })
    } catch (error) {
      if (error instanceof OrderBuildError || error instanceof SmaregiAmountError) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, error.message)
      }
      throw error
    }
    const context = await resolveOrderContext(container, settings, sale.store_id)
    const stock = settings.inventoryEnabled
      ? planStock(build.stock, variants, context.locationId, sale.store_id)
      : { moves: [], problems: [] }
    if (stock.problems.length) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, stock.problems.join("; "))
    }
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
    return new StepResponse<BuiltSaleOrder>({
      order,
      amounts: build.amounts,
      stock: stock.moves,
      points: { customer_id: customerId, ...build.points, move },
    })
  }
)
