import { MedusaError } from "@medusajs/framework/utils"

export function assertWholePoints(amount: number, field = "amount") {
  if (!Number.isSafeInteger(amount)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `${field}: points must be a whole number, got ${amount}`)
  }
}
