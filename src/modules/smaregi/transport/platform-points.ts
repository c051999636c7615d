// Points of the Platform transport (smaregi-platform.md "Customers and points"): `POST …/point/add` moves the
// balance by what changed off the register and keeps what the register did meanwhile; it needs a premium plan, so a
// contract without it gets the absolute `PATCH …/point` in the same run, and the refusal is remembered (PlanFeatureGate).
import type { CustomerRow } from "../../../smaregi/customer-fields"
import { SmaregiApiError } from "../../../smaregi/errors"
import { isPlanFeatureError, type SmaregiPlatformClient } from "../../../smaregi/platform/client"
import type { PlanFeature, PlanFeatureGate, PointChange } from "./types"

/** Writes the point fields of a row written to member `customerId`; a row without them writes nothing. */
export async function writeMemberPoints(
  client: SmaregiPlatformClient,
  gate: PlanFeatureGate,
  customerId: string,
  row: CustomerRow,
  change: PointChange | null | undefined
): Promise<void> {
  if (row.point === undefined && row.mile === undefined) return
  const delta = change?.delta ?? null
  // Miles have no relative call: a row mapping them is written absolute.
  if (delta !== null && row.point !== undefined && row.mile === undefined && !gate.lacks("point_add")) {
    if (delta === 0) return
    try {
      await client.addPoint(customerId, delta)
      await gate.recordAvailable("point_add")
      return
    } catch (error) {
      // A 400 (the add would take Smaregi's balance below zero: the register spent points the ledger has not seen yet)
      // gets the ledger's balance, as v2 always sends it, rather than a member stuck failing.
      if (isPlanFeatureError(error)) await gate.recordLacking("point_add")
      else if (!(error instanceof SmaregiApiError && error.httpStatus === 400)) throw error
    }
  }
  await setPoints(client, customerId, row)
}

async function setPoints(client: SmaregiPlatformClient, customerId: string, row: CustomerRow): Promise<void> {
  const operation = "PATCH /pos/customers/{id}/point"
  const body: Record<string, string> = {}
  if (row.point !== undefined) body.point = row.point
  if (row.mile !== undefined) body.mile = row.mile
  if (row.pointExpireDate) body.pointExpireDate = row.pointExpireDate
  await client.request({ method: "PATCH", path: `/pos/customers/${customerId}/point`, operation, body })
}

/** A gate that remembers for the life of the transport only (a transport built without the module's). */
export function memoryPlanGate(): PlanFeatureGate {
  const lacking = new Set<PlanFeature>()
  return {
    lacks: (feature) => lacking.has(feature),
    recordLacking: async (feature) => void lacking.add(feature),
    recordAvailable: async (feature) => void lacking.delete(feature),
  }
}
