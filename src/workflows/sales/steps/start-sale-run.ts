import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { SaleAction } from "../lib/decide"
import { errorMessage, recordFailure, recordSkip } from "../lib/outcome"
import { resolveSaleCustomer, type SaleCustomer } from "../lib/resolve-customer"
import { smaregiService, type TransactionRow } from "../lib/transaction-row"
import { saleOf, type LoadedSale } from "./load-sale"
import type { LoadedRun } from "./load-run"

export type SaleRun = {
  transaction_id: string
  /** null: nothing to run (the customer policy skipped or failed the sale, recorded) */
  action: SaleAction | null
  customer: Exclude<SaleCustomer, { kind: "skip" | "fail" }> | null
  sale: LoadedSale | null
  /** the action the run's outcome reports */
  reported: SaleAction | "skip"
}

/**
 * An order a killed import created but never claimed (it carries the transaction id in its metadata) is
 * claimed now, so the run resumes it instead of creating a second one.
 */
async function claimOrphanOrder(container: MedusaContainer, row: TransactionRow): Promise<boolean> {
  const orders = await container
    .resolve(Modules.ORDER)
    .listOrders({ metadata: { smaregi_transaction_id: row.id } } as never, { select: ["id", "status"], order: { created_at: "ASC" } })
  const orphan = orders.find((o) => o.status !== "canceled")
  return !!orphan && (await smaregiService(container).claimSmaregiOrder(row.id, orphan.id))
}

/**
 * Starts one create / update / cancel / resume on the row: counts the attempt, turns a create into a resume
 * when an orphan order exists, and for a create resolves the customer (a policy skip or failure is recorded here).
 */
export const startSmaregiSaleRunStep = createStep(
  "smaregi-start-sale-run",
  async (input: LoadedRun & { action: SaleAction }, { container }) => {
    const { row, connection } = input
    const none: SaleRun = { transaction_id: row.id, action: null, customer: null, sale: null, reported: "create" }
    // Only a row some run already started on (attempts > 0) can have an orphan: first runs skip the lookup.
    const action: SaleAction =
      input.action === "create" && row.attempts > 0 && (await claimOrphanOrder(container, row)) ? "resume" : input.action
    await smaregiService(container).countSmaregiAttempt(row.id)
    if (action !== "create") return new StepResponse<SaleRun>({ ...none, action, reported: action })

    let customer: SaleCustomer
    try {
      customer = await resolveSaleCustomer(container, row.connection_id, row.head, connection.settings)
    } catch (error) {
      const message = errorMessage(error)
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .warn(`smaregi: transaction ${row.transaction_head_id} (${row.id}) create failed: ${message}`)
      const fresh = await smaregiService(container).retrieveSmaregiTransaction(row.id)
      const failure = { reasonCode: "create_failed", message, action: "create", updDateTime: row.upd_date_time }
      await recordFailure(container, fresh as unknown as TransactionRow, failure, connection.settings, connection.name)
      return new StepResponse(none)
    }
    if (customer.kind === "skip") {
      const skip = { reasonCode: customer.reasonCode, message: customer.message, deliveryOnly: false, updDateTime: row.upd_date_time }
      await recordSkip(container, row, skip)
      return new StepResponse<SaleRun>({ ...none, reported: "skip" })
    }
    if (customer.kind === "fail") {
      const failure = { reasonCode: customer.reasonCode, message: customer.message, action: "create", updDateTime: row.upd_date_time }
      await recordFailure(container, row, failure, connection.settings, connection.name)
      return new StepResponse(none)
    }
    return new StepResponse<SaleRun>({ ...none, action, customer, sale: saleOf(row, connection), reported: action })
  }
)
