import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMAREGI_MODULE } from "../../../modules/smaregi"
import type SmaregiModuleService from "../../../modules/smaregi/service"
import type { PointsDrift } from "../../../modules/points/types"
import type { TransactionPointsDrift } from "../../../smaregi/admin-types"

export type PointsDriftTransaction = { id: string; connection_id: string; transaction_head_id: string; order_id: string | null }

export type FlagPointsDriftInput = {
  transaction?: PointsDriftTransaction
  customer_id: string
  spend: number
  earn: number
  drift: PointsDrift[]
}

export type PointsDriftEvent = TransactionPointsDrift & PointsDriftTransaction

/**
 * PTS-5: marks the transaction whose register movement took more points than the ledger held (kept once set: the
 * sale did drift) and returns the event payloads. The movement itself is already recorded.
 */
export const flagPointsDriftStep = createStep("smaregi-flag-points-drift", async (input: FlagPointsDriftInput, { container }) => {
  if (!input.drift.length || !input.transaction) return new StepResponse([] as PointsDriftEvent[])
  const drift: TransactionPointsDrift = {
    customer_id: input.customer_id,
    spend: input.spend,
    earn: input.earn,
    debits: input.drift.map((d) => ({ kind: d.kind, amount: d.amount, balance_before: d.balance_before, balance_after: d.balance_after })),
    balance_after: input.drift[input.drift.length - 1].balance_after,
    at: new Date().toISOString(),
  }
  const smaregi: SmaregiModuleService = container.resolve(SMAREGI_MODULE)
  await smaregi.flagSmaregiPointsDrift(input.transaction.id, drift)
  return new StepResponse([{ ...input.transaction, ...drift }])
})
