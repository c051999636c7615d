// A v2 scenario sale in the Platform API's shape (the reverse of src/smaregi/platform/normalise.ts): ISO date-times
// with +09:00, `change` for `charge` (and no `changeDifference`), `depositOthers[]` for the numbered payment fields, details nested.
import { jstWallClockToIso } from "../../src/smaregi/platform/normalise"
import type { SmaregiTransaction } from "../../src/smaregi/transaction-schema"

const PAYMENT_SLOT = /^(paymentMethodId|paymentMethodName|depositOthers)(\d+)$/
/** Detail rows of the Platform API carry neither (smaregi-platform.md "Transactions"). */
const HEAD_ONLY_IN_DETAILS = new Set(["transactionDateTime", "updDateTime"])
/** v2 head fields the Platform API does not have (smaregi-platform.md "Transactions"). */
const V2_ONLY_IN_HEAD = new Set(["changeDifference"])

function platformValue(key: string, value: unknown): string | null {
  if (value === null || value === undefined) return null
  const text = String(value)
  return key.endsWith("DateTime") && text !== "" ? jstWallClockToIso(text) : text
}

export function toPlatformTransaction(tx: SmaregiTransaction): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const slots = new Map<number, Record<string, string | null>>()
  for (const [key, value] of Object.entries(tx.head)) {
    if (V2_ONLY_IN_HEAD.has(key)) continue
    const slot = PAYMENT_SLOT.exec(key)
    if (slot) {
      const n = Number(slot[2])
      slots.set(n, { ...slots.get(n), [slot[1]]: platformValue(key, value) })
      continue
    }
    out[key === "charge" ? "change" : key] = platformValue(key, value)
  }
  const headId = String(tx.head.transactionHeadId)
  out.depositOthers = [...slots.entries()]
    .filter(([, slot]) => slot.paymentMethodId !== null && slot.paymentMethodId !== undefined)
    .sort(([a], [b]) => a - b)
    .map(([no, slot]) => ({ transactionHeadId: headId, no: String(no), ...slot }))
  out.details = tx.details.map((detail) =>
    Object.fromEntries(
      Object.entries(detail)
        .filter(([key]) => !HEAD_ONLY_IN_DETAILS.has(key))
        .map(([key, value]) => [key, platformValue(key, value)])
    )
  )
  return out
}
