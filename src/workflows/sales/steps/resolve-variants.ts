import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { ConnectionSettings } from "../../../modules/smaregi/settings"
import type { TransactionDetail } from "../../../smaregi/push"
import { resolveSaleVariants, type ResolvedSaleVariant } from "../lib/resolve-variants"

/** Every sale line's variant per the product-code and variation mapping; an unknown code fails naming it. */
export const resolveSmaregiVariantsStep = createStep(
  "smaregi-resolve-variants",
  async (
    input: { settings: Pick<ConnectionSettings, "productCodeMatch" | "variationMapping">; sale_lines: TransactionDetail[] },
    { container }
  ) => {
    const resolution = await resolveSaleVariants(container, input.settings, input.sale_lines)
    if (resolution.problems.length) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, resolution.problems.map((p) => p.message).join("; "))
    }
    return new StepResponse<Record<string, ResolvedSaleVariant>>(resolution.variants)
  }
)
