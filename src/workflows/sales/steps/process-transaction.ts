import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { processTransaction, type ProcessInput } from "../lib/process"

/** Dispatches one inbox row to the import / update / cancel workflow, or records why it is skipped. */
export const processSmaregiTransactionStep = createStep(
  "smaregi-process-transaction",
  async (input: ProcessInput, { container }) => new StepResponse(await processTransaction(container, input))
)
