import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { cancelSmaregiSaleWorkflow } from "./cancel-sale"
import { importSmaregiSaleWorkflow } from "./import-sale"
import { decideRun, type SaleAction } from "./lib/decide"
import { resumeSmaregiSaleWorkflow } from "./resume-sale"
import { loadSmaregiRunStep } from "./steps/load-run"
import { recordSmaregiFailureStep } from "./steps/record-failure"
import { recordSmaregiSkipStep } from "./steps/record-skip"
import { smaregiRunOutcomeStep } from "./steps/run-outcome"
import { startSmaregiSaleRunStep } from "./steps/start-sale-run"
import { acquireSmaregiTransactionLockStep, releaseSmaregiTransactionLockStep } from "./steps/transaction-lock"
import { updateSmaregiSaleWorkflow } from "./update-sale"

export type { ProcessOutcome, RunOutcome } from "./steps/run-outcome"

export type ProcessInput = {
  transaction_id: string
  /** updDateTime of the delivery that triggered this run */
  delivered_upd_date_time?: string | null
  /** re-evaluate the stored data whatever was applied before (admin replay) */
  replay?: boolean
}

const APPLIES: SaleAction[] = ["create", "update", "cancel", "resume"]

/**
 * One run over an inbox row (IN-4 … IN-17), under the transaction's lock: decide from the newest stored data and
 * what was applied, record a skip, or create / update / cancel / resume through their idempotent workflows.
 * A failed sale workflow fails this one; processSmaregiTransaction records the failure on the row.
 */
export const processSmaregiTransactionWorkflow = createWorkflow("smaregi-process-transaction", (input: ProcessInput) => {
  const lock = acquireSmaregiTransactionLockStep({ transaction_id: input.transaction_id })
  const loaded = loadSmaregiRunStep({ transaction_id: input.transaction_id })
  const delivered = transform({ input, loaded }, ({ input, loaded }) => input.delivered_upd_date_time ?? loaded.row.upd_date_time)
  const decision = transform({ input, loaded, delivered }, ({ input, loaded, delivered }) =>
    decideRun(loaded.row, loaded.connection.settings, { deliveredUpd: delivered, replay: input.replay })
  )

  when("smaregi-run-cannot-classify", { decision }, ({ decision }) => decision.action === "invalid").then(() => {
    recordSmaregiFailureStep(
      transform({ loaded, decision }, ({ loaded, decision }) => ({
        ...loaded,
        reason_code: "invalid_data",
        message: decision.action === "invalid" ? decision.message : "",
        action: "classify",
      }))
    )
  })
  when("smaregi-run-skips", { decision }, ({ decision }) => decision.action === "skip").then(() => {
    recordSmaregiSkipStep(
      transform({ loaded, decision, delivered }, ({ loaded, decision, delivered }) => {
        const skip = decision.action === "skip" ? decision : null
        return {
          row: loaded.row,
          reason_code: skip?.reasonCode ?? "",
          message: skip?.message ?? "",
          delivery_only: !!skip?.deliveryOnly,
          upd_date_time: skip?.deliveryOnly ? delivered : loaded.row.upd_date_time,
        }
      })
    )
  })
  const run = when("smaregi-run-applies", { decision }, ({ decision }) => APPLIES.includes(decision.action as SaleAction)).then(() =>
    startSmaregiSaleRunStep(transform({ loaded, decision }, ({ loaded, decision }) => ({ ...loaded, action: decision.action as SaleAction })))
  )

  when("smaregi-run-creates", { run }, ({ run }) => run?.action === "create").then(() => {
    importSmaregiSaleWorkflow.runAsStep({
      input: transform({ run }, ({ run }) => ({ transaction_id: run!.transaction_id, customer: run!.customer!, sale: run!.sale! })),
    })
  })
  when("smaregi-run-resumes", { run }, ({ run }) => run?.action === "resume").then(() => {
    resumeSmaregiSaleWorkflow.runAsStep({ input: transform({ run }, ({ run }) => ({ transaction_id: run!.transaction_id })) })
  })
  when("smaregi-run-updates", { run }, ({ run }) => run?.action === "update").then(() => {
    updateSmaregiSaleWorkflow.runAsStep({ input: transform({ run }, ({ run }) => ({ transaction_id: run!.transaction_id })) })
  })
  when("smaregi-run-cancels", { run }, ({ run }) => run?.action === "cancel").then(() => {
    cancelSmaregiSaleWorkflow.runAsStep({ input: transform({ run }, ({ run }) => ({ transaction_id: run!.transaction_id })) })
  })

  const outcome = smaregiRunOutcomeStep(
    transform({ input, run }, ({ input, run }) => ({ transaction_id: input.transaction_id, action: run?.reported ?? ("skip" as const) }))
  )
  releaseSmaregiTransactionLockStep(lock)
  return new WorkflowResponse(outcome)
})

/** The step of the dispatcher that runs each sale workflow, by the action it applies. */
export const SALE_WORKFLOW_STEPS: Record<string, SaleAction> = {
  [`${importSmaregiSaleWorkflow.getName()}-as-step`]: "create",
  [`${resumeSmaregiSaleWorkflow.getName()}-as-step`]: "resume",
  [`${updateSmaregiSaleWorkflow.getName()}-as-step`]: "update",
  [`${cancelSmaregiSaleWorkflow.getName()}-as-step`]: "cancel",
}
